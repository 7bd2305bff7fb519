package remove

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

// secret must never reach stdout, stderr or an error.
const secret = "pw-Zq81-never-shown"

// twoProfiles has prod current, its password in the keyring.
const twoProfiles = `current-profile: prod
profiles:
  prod:
    paoding: {username: acme, password: "keyring:"}
  staging:
    ebao: {access-key: AK, secret-key: "keyring:"}
`

var (
	prodPassword  = config.KeyringService + "/" + config.KeyringUser("prod", "paoding", "password")
	stagingSecret = config.KeyringService + "/" + config.KeyringUser("staging", "ebao", "secret-key")
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdRemove(e.F, nil)
	cmd.SetArgs(append([]string{}, args...))
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// setup is twoProfiles on disk with both secrets in the keyring.
func setup(t *testing.T, tty bool) (*cmdtest.Env, []byte) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	if err := os.MkdirAll(filepath.Dir(e.Config.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.Config.Path, []byte(twoProfiles), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	*e.Config = *c
	kr := keyring(e)
	kr[prodPassword], kr[stagingSecret] = secret, secret+"-staging"
	return e, []byte(twoProfiles)
}

func keyring(e *cmdtest.Env) cmdtest.MapKeyring { return e.F.Keyring().(cmdtest.MapKeyring) }

// untouched checks the file and the keyring are as setup left them.
func untouched(t *testing.T, e *cmdtest.Env, before []byte) {
	t.Helper()
	if raw, _ := os.ReadFile(e.Config.Path); string(raw) != string(before) {
		t.Errorf("the file changed:\n%s", raw)
	}
	if kr := keyring(e); kr[prodPassword] != secret || kr[stagingSecret] != secret+"-staging" {
		t.Errorf("keyring entries changed: %d left", len(kr))
	}
}

// removedProd checks prod is gone from the file and the keyring, staging
// kept, and the file still private.
func removedProd(t *testing.T, e *cmdtest.Env) *config.Config {
	t.Helper()
	st, err := os.Stat(e.Config.Path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v %v", st.Mode(), err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.File.Profiles["prod"]; ok || c.File.Profiles["staging"]["ebao"]["access-key"] != "AK" {
		t.Errorf("profiles after remove: %v", c.ProfileNames())
	}
	kr := keyring(e)
	if _, ok := kr[prodPassword]; ok || kr[stagingSecret] != secret+"-staging" {
		t.Errorf("keyring after remove: prod's kept=%v, staging's kept=%v", ok, kr[stagingSecret] != "")
	}
	if !strings.Contains(e.ErrOut.String(), `Removed profile "prod"`) || e.Out.Len() != 0 {
		t.Errorf("stdout %q stderr %q", e.Out, e.ErrOut)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), secret) {
		t.Error("a secret shows")
	}
	return c
}

func TestNewCmdRemoveWantsOneName(t *testing.T) {
	e, before := setup(t, false)
	var got *Options
	cmd := NewCmdRemove(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"Prod"})
	if err := cmd.Execute(); err != nil || got.Name != "Prod" || got.Globals != e.F.Globals {
		t.Fatalf("%v %+v", err, got)
	}
	e.F.Globals.Yes = true
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "NAME missing"},
		{[]string{"prod", "staging"}, "accepts 1 arg(s), received 2"},
	} {
		e.Reset()
		err := run(e, tc.args...)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%q: exit %d: %v", tc.args, cmdutil.ExitCode(err), err)
		}
		cmdutil.PrintError(e.F.IOStreams, err, false)
		if msg := e.ErrOut.String(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "remove --help") {
			t.Errorf("%q: %s", tc.args, msg)
		}
	}
	untouched(t, e, before)
}

// A script must say --yes: without it nothing is deleted and the error
// says what would have been confirmed. With it the current profile goes,
// and with it the file's current-profile and the profile's keyring
// secrets; another profile's stay.
func TestRemoveCurrentProfileInAPipeNeedsYes(t *testing.T) {
	e, before := setup(t, false)
	err := run(e, "prod")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	if msg := e.ErrOut.String(); !strings.Contains(msg, "--yes is required") || !strings.Contains(msg, `add --yes to confirm: Delete profile "prod"?`) {
		t.Errorf("%s", msg)
	}
	untouched(t, e, before)

	e.Reset()
	e.F.Globals.Yes = true
	if err := run(e, "PROD"); err != nil {
		t.Fatal(err)
	}
	if c := removedProd(t, e); c.File.CurrentProfile != "" {
		t.Errorf("current-profile still %q", c.File.CurrentProfile)
	}
	if !strings.Contains(e.ErrOut.String(), "No profile is current now") {
		t.Errorf("removing the current profile did not say none is current: %q", e.ErrOut.String())
	}
}

// On a terminal remove asks; "no" keeps everything and is not a failure.
func TestRemoveOnATerminalAsksFirst(t *testing.T) {
	for _, yes := range []bool{false, true} {
		e, before := setup(t, true)
		e.Prompts.Answers = map[string]any{`Delete profile "prod"?`: yes}
		err := run(e, "Prod")
		if len(e.Prompts.Asked) != 1 {
			t.Fatalf("asked %q", e.Prompts.Asked)
		}
		if !yes {
			if !errors.As(err, &cmdutil.Declined{}) || cmdutil.ExitCode(err) != failure.ExitOK {
				t.Fatalf("answered no: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			untouched(t, e, before)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		removedProd(t, e)
	}
}

// Removing a profile that is not current leaves the current one alone.
func TestRemoveOfAnotherProfileKeepsTheCurrentOne(t *testing.T) {
	e, _ := setup(t, false)
	e.F.Globals.Yes = true
	if err := run(e, "staging"); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.File.Profiles["staging"]; ok || c.File.CurrentProfile != "prod" || c.File.Profiles["prod"]["paoding"]["username"] != "acme" {
		t.Fatalf("%+v", c.File)
	}
	if kr := keyring(e); kr[prodPassword] != secret || len(kr) != 1 {
		t.Errorf("keyring: prod's secret kept=%v, %d entries", kr[prodPassword] == secret, len(kr))
	}
	if strings.Contains(e.ErrOut.String(), "No profile is current") {
		t.Errorf("said no profile is current after removing another: %q", e.ErrOut.String())
	}
}

// An unknown name, or the built-in sandbox, is refused before anything
// is asked, whatever --yes says.
func TestRemoveRefusesUnknownProfilesAndTheSandboxBeforeAsking(t *testing.T) {
	for _, tty := range []bool{false, true} {
		for _, tc := range []struct {
			name string
			want []string
		}{
			{"prdo", []string{`no profile named "prdo"`, "known: sandbox, prod, staging", "did you mean prod?"}},
			{"Sandbox", []string{`"sandbox" is built in and cannot be removed`}},
		} {
			e, before := setup(t, tty)
			e.F.Globals.Yes = !tty
			err := run(e, tc.name)
			if cmdutil.ExitCode(err) != failure.ExitUsage {
				t.Fatalf("tty=%v %s: exit %d: %v", tty, tc.name, cmdutil.ExitCode(err), err)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("tty=%v: %q not in %v", tty, want, err)
				}
			}
			if len(e.Prompts.Asked) != 0 || e.Out.Len() != 0 || e.ErrOut.Len() != 0 {
				t.Errorf("tty=%v %s: asked %q, stdout %q, stderr %q", tty, tc.name, e.Prompts.Asked, e.Out, e.ErrOut)
			}
			untouched(t, e, before)
		}
	}
}

// unreachableKeyring is a machine without a keyring: every call fails.
type unreachableKeyring struct{}

func (unreachableKeyring) Get(string, string) (string, error) { return "", errNoKeyring }
func (unreachableKeyring) Set(string, string, string) error   { return errNoKeyring }
func (unreachableKeyring) Delete(string, string) error        { return errNoKeyring }

var errNoKeyring = fmt.Errorf("%w: no D-Bus here", config.ErrKeyringUnavailable)

// Where the keyring cannot be reached the profile still goes, but stderr
// says which secret stays in the keyring and under what name: the file no
// longer points at it, so nothing else would ever tell.
func TestRemoveSaysWhichKeyringSecretStaysBehind(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e, _ := setup(t, tty)
		e.F.Globals.Yes = true
		e.Prompts.Answers = map[string]any{`Delete profile "prod"?`: true}
		cmd := NewCmdRemove(e.F, func(o *Options) error {
			o.Keyring = func() config.Keyring { return unreachableKeyring{} }
			return Run(o)
		})
		cmd.SetArgs([]string{"prod"})
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		if err := cmd.Execute(); err != nil {
			t.Fatalf("tty=%v: %v", tty, err)
		}
		c, err := config.Load(e.Config.Path, e.F.Registry)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.File.Profiles["prod"]; ok {
			t.Errorf("tty=%v: prod is still in the file", tty)
		}
		msg := e.ErrOut.String()
		for _, want := range []string{`Removed profile "prod"`, "warning:",
			`paoding.password stays in the OS keyring (service "insure", account "prod.paoding.password")`,
			"no D-Bus here", "delete it there"} {
			if !strings.Contains(msg, want) {
				t.Errorf("tty=%v: %q not in stderr %q", tty, want, msg)
			}
		}
		if e.Out.Len() != 0 || strings.Contains(msg, secret) {
			t.Errorf("tty=%v: stdout %q stderr %q", tty, e.Out, msg)
		}
	}
}
