package use

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

const twoProfiles = `current-profile: prod
profiles:
  prod:
    paoding: {username: acme}
  staging:
    ebao: {access-key: AK}
`

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdUse(e.F, nil)
	cmd.SetArgs(append([]string{}, args...))
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// seed writes the config file as another process would have and loads it.
func seed(t *testing.T, e *cmdtest.Env, yaml string) []byte {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.Config.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.Config.Path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	*e.Config = *c
	return []byte(yaml)
}

// saved is the file as the next process reads it, checked to be 0600.
func saved(t *testing.T, e *cmdtest.Env) *config.Config {
	t.Helper()
	st, err := os.Stat(e.Config.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode %04o, want 0600", st.Mode().Perm())
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewCmdUseWantsOneName(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	before := seed(t, e, twoProfiles)
	var got *Options
	cmd := NewCmdUse(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"Staging"})
	if err := cmd.Execute(); err != nil || got.Name != "Staging" {
		t.Fatalf("%v %+v", err, got)
	}
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
		if msg := e.ErrOut.String(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "use --help") {
			t.Errorf("%q: %s", tc.args, msg)
		}
	}
	if raw, _ := os.ReadFile(e.Config.Path); string(raw) != string(before) {
		t.Errorf("bad arguments changed the file:\n%s", raw)
	}
}

// The switch is said on stderr; stdout stays empty for a script; the
// file keeps every profile and stays private.
func TestUseSwitchesTheCurrentProfileInAPipeAndOnATerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		seed(t, e, twoProfiles)
		if err := run(e, "STAGING"); err != nil {
			t.Fatalf("tty=%v: %v", tty, err)
		}
		c := saved(t, e)
		if c.File.CurrentProfile != "staging" || c.File.Profiles["prod"]["paoding"]["username"] != "acme" || c.File.Profiles["staging"]["ebao"]["access-key"] != "AK" {
			t.Fatalf("tty=%v: %+v", tty, c.File)
		}
		if e.Out.Len() != 0 || !strings.Contains(e.ErrOut.String(), `Now using profile "staging"`) || strings.Contains(e.ErrOut.String(), "warning") {
			t.Errorf("tty=%v: stdout %q stderr %q", tty, e.Out, e.ErrOut)
		}
	}
}

// An unknown name suggests the closest one and changes nothing.
func TestUseOfAnUnknownProfileSuggestsAndChangesNothing(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		before := seed(t, e, twoProfiles)
		err := run(e, "stagign")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("tty=%v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		for _, want := range []string{`no profile named "stagign"`, "known: sandbox, prod, staging", "did you mean staging?", "insure profile add stagign"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("tty=%v: %q not in %v", tty, want, err)
			}
		}
		if raw, _ := os.ReadFile(e.Config.Path); string(raw) != string(before) {
			t.Errorf("tty=%v: the file changed:\n%s", tty, raw)
		}
		if e.Out.Len() != 0 || e.ErrOut.Len() != 0 {
			t.Errorf("tty=%v: stdout %q stderr %q", tty, e.Out, e.ErrOut)
		}
	}

	// With no file at all, a failed use does not create one.
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "prod"); cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("%v", err)
	}
	if _, err := os.Stat(e.Config.Path); err == nil {
		t.Error("a failed use created the config file")
	}
}

// The built-in sandbox needs no configuration to be made current.
func TestUseSandboxNeedsNoConfiguration(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "Sandbox"); err != nil {
		t.Fatal(err)
	}
	if c := saved(t, e); c.File.CurrentProfile != "sandbox" || len(c.File.Profiles) != 0 {
		t.Fatalf("%+v", c.File)
	}
	if !strings.Contains(e.ErrOut.String(), `Now using profile "sandbox"`) {
		t.Errorf("%s", e.ErrOut)
	}
}

// A profile with a bad setting can be made current (to be fixed next);
// use says what is wrong, with the closest key.
func TestUseOfABrokenProfileWarnsButSwitches(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	seed(t, e, twoProfiles+"  broken:\n    ebao: {endpont: \"https://e.example\"}\n")
	if err := run(e, "broken"); err != nil {
		t.Fatal(err)
	}
	if c := saved(t, e); c.File.CurrentProfile != "broken" {
		t.Fatalf("current %q", c.File.CurrentProfile)
	}
	if msg := e.ErrOut.String(); !strings.Contains(msg, `profile "broken": ebao.endpont: "ebao.endpont" is unknown; did you mean endpoint?`) {
		t.Errorf("stderr: %s", msg)
	}
}
