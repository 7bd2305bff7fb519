package add

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
	"github.com/insurekit/insure/providers/sunshine"
)

// secret is a value that must never reach stdout, stderr or an error;
// failure messages never print it (hide).
const secret = "pw-Zq81-never-shown"

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdAdd(e.F, nil)
	cmd.SetArgs(append([]string{}, args...))
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// shown prints err as the binary does and returns all of stderr.
func shown(e *cmdtest.Env, err error) string {
	cmdutil.PrintError(e.F.IOStreams, err, false)
	return e.ErrOut.String()
}

func hide(s string) string { return strings.ReplaceAll(s, secret, "<secret>") }

// seed writes the config file as another process would have and loads it.
func seed(t *testing.T, e *cmdtest.Env, yaml string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.Config.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.Config.Path, []byte(yaml), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(e.Config.Path, mode); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	*e.Config = *c
}

// saved is the file as the next process reads it, checked to be 0600.
func saved(t *testing.T, e *cmdtest.Env) (*config.Config, string) {
	t.Helper()
	st, err := os.Stat(e.Config.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode %04o, want 0600", st.Mode().Perm())
	}
	raw, err := os.ReadFile(e.Config.Path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	return c, string(raw)
}

func notWritten(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	if _, err := os.Stat(e.Config.Path); err == nil {
		t.Error("the config file was written")
	}
}

func TestNewCmdAddKeepsEverySetInOrder(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdAdd(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"Prod", "--set", "paoding.username=acme", "--set", "paoding.username=acme2", "--set", "ebao.endpoint=https://e.example"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	// The name is kept as typed: Run lower-cases it and says so.
	want := []string{"paoding.username=acme", "paoding.username=acme2", "ebao.endpoint=https://e.example"}
	if got.Name != "Prod" || strings.Join(got.Values, " ") != strings.Join(want, " ") ||
		got.SecretStdin != "" || got.UseKeyring || got.Use || got.Interactive {
		t.Fatalf("%+v", got)
	}
}

func TestAddWantsExactlyOneName(t *testing.T) {
	for _, args := range [][]string{{}, {"a", "b"}, {"--set", "paoding.username=acme"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, args...)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%q: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
		if msg := shown(e, err); !strings.Contains(msg, "NAME") || !strings.Contains(msg, "add NAME") || !strings.Contains(msg, "add --help") {
			t.Errorf("%q: %s", args, msg)
		}
		notWritten(t, e)
	}
}

func TestAddRefusesBadNamesWithAnExample(t *testing.T) {
	for name, want := range map[string]string{
		"bad name": `letters, digits, - and _ (got "bad name")`,
		"prod/1":   `(got "prod/1")`,
		"":         "a profile name is required",
	} { // "sandbox": TestAddSandboxSaysWhatCanBeDoneInstead
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, name, "--set", "paoding.username=acme")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%q: exit %d: %v", name, cmdutil.ExitCode(err), err)
		}
		if msg := shown(e, err); !strings.Contains(msg, want) || !strings.Contains(msg, "for example prod-1") {
			t.Errorf("%q: %s", name, msg)
		}
		notWritten(t, e)
	}
}

// A secret typed with the wrong separator (":" or a space for "=") is
// still a secret on the command line: it is refused without repeating it.
func TestAddSetWithoutEqualsNeverRepeatsWhatFollowsTheKey(t *testing.T) {
	for _, tc := range []struct{ set, want string }{
		{"ebao.secret-key:" + secret, "--set ebao.secret-key: secrets are not taken from flags"},
		{"Paoding.Password " + secret, "--secret-stdin paoding.password"},
		{"paoding.username " + secret, "--set paoding.username: want provider.key=value (for example --set paoding.username=acme)"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, "ci", "--set", tc.set)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), hide(err.Error()))
		}
		msg := shown(e, err)
		if strings.Contains(msg, secret) {
			t.Fatalf("the value after the key is repeated: %s", hide(msg))
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("error does not say %q:\n%s", tc.want, msg)
		}
		notWritten(t, e)
	}
}

// A misspelt secret key gets the closest key with an example that works:
// --set would refuse the secret too.
func TestAddMisspeltSecretKeySuggestsSecretStdin(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "ci", "--set", "paoding.pasword="+secret, "--set", "paodng.password="+secret)
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), hide(err.Error()))
	}
	msg := shown(e, err)
	if strings.Contains(msg, secret) {
		t.Fatalf("secret repeated: %s", hide(msg))
	}
	for _, want := range []string{
		`"paoding.pasword" is unknown; did you mean password? (for example --secret-stdin paoding.password)`,
		`did you mean paoding? (for example --secret-stdin paoding.password)`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "--set paoding.password=") {
		t.Errorf("suggests a --set that is refused:\n%s", msg)
	}
	notWritten(t, e)
}

func TestAddSecretStdinNeedsAKeyAndASecret(t *testing.T) {
	for _, tc := range []struct {
		key, stdin, want string
	}{
		{"paoding", secret, "--secret-stdin: want provider.key (for example paoding.password)"},
		{"paoding.password", "", `stdin must carry the secret (for example printf %s "$SECRET" | insure profile add ci --secret-stdin paoding.password)`},
		{"paoding.password", "\n", "stdin must carry the secret"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(tc.stdin)
		err := run(e, "ci", "--secret-stdin", tc.key)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%s: exit %d: %s", tc.key, cmdutil.ExitCode(err), hide(err.Error()))
		}
		if msg := shown(e, err); strings.Contains(msg, secret) || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: want %q:\n%s", tc.key, tc.want, hide(msg))
		}
		notWritten(t, e)
	}
}

// What a script and a person see are the same: the result on stderr,
// nothing on stdout, and a private file the next process reads.
func TestAddCreatesUpdatesAndSwitchesInAPipeAndOnATerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		// On a terminal the secret is still piped in: printf ... | insure.
		e.F.IOStreams.SetStdinTTY(false)
		e.In.WriteString(secret + "\n")
		if err := run(e, "CI", "--set", "paoding.username=acme", "--secret-stdin", "paoding.password"); err != nil {
			t.Fatalf("tty=%v: %s", tty, hide(err.Error()))
		}
		c, raw := saved(t, e)
		// The first profile becomes the current one, in lower case.
		if c.File.CurrentProfile != "ci" || c.File.Profiles["ci"]["paoding"]["username"] != "acme" || c.File.Profiles["ci"]["paoding"]["password"] != secret {
			t.Fatalf("tty=%v: file:\n%s", tty, hide(raw))
		}
		errOut := e.ErrOut.String()
		for _, want := range []string{`Created profile "ci" in ` + e.Config.Path + " (current)", "use -p CI or -p ci"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("tty=%v: stderr does not say %q: %s", tty, want, hide(errOut))
			}
		}
		if strings.Contains(errOut, secret) || e.Out.Len() != 0 {
			t.Fatalf("tty=%v: stdout %q, stderr %q", tty, hide(e.Out.String()), hide(errOut))
		}

		e.Reset()
		if err := run(e, "staging", "--set", "ebao.access-key=AK"); err != nil {
			t.Fatal(err)
		}
		if c, _ := saved(t, e); c.File.CurrentProfile != "ci" || strings.Contains(e.ErrOut.String(), "(current)") {
			t.Errorf("tty=%v: a second profile became current: %q, %s", tty, c.File.CurrentProfile, e.ErrOut)
		}

		// Updating merges: ci's settings stay, the secret goes to the
		// keyring and leaves the file.
		e.Reset()
		e.In.WriteString(secret + "-2")
		if err := run(e, "staging", "--use", "--keyring", "--secret-stdin", "ebao.secret-key"); err != nil {
			t.Fatal(hide(err.Error()))
		}
		c, raw = saved(t, e)
		if c.File.CurrentProfile != "staging" || c.File.Profiles["staging"]["ebao"]["access-key"] != "AK" ||
			c.File.Profiles["staging"]["ebao"]["secret-key"] != config.KeyringMarker || c.File.Profiles["ci"]["paoding"]["username"] != "acme" {
			t.Fatalf("tty=%v: file:\n%s", tty, hide(raw))
		}
		if strings.Contains(raw, secret+"-2") || e.Out.Len() != 0 || strings.Contains(e.ErrOut.String(), secret) {
			t.Fatalf("tty=%v: the keyring secret shows: stdout %q stderr %q", tty, hide(e.Out.String()), hide(e.ErrOut.String()))
		}
		if !strings.Contains(e.ErrOut.String(), `Updated profile "staging"`) || !strings.Contains(e.ErrOut.String(), "(current)") {
			t.Errorf("tty=%v: %s", tty, e.ErrOut)
		}
	}
}

// A file another tool left readable is private again once add rewrites it.
func TestAddMakesAReadableConfigFilePrivate(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, "current-profile: old\nprofiles:\n  old:\n    paoding: {username: acme}\n", 0o644)
	if err := run(e, "new", "--set", "bihu.agent-id=102"); err != nil {
		t.Fatal(err)
	}
	c, raw := saved(t, e)
	if c.File.CurrentProfile != "old" || c.File.Profiles["old"]["paoding"]["username"] != "acme" || c.File.Profiles["new"]["bihu"]["agent-id"] != "102" {
		t.Fatalf("file:\n%s", raw)
	}
}

// Adding to a profile whose file holds a bad setting saves the good one
// and says what is still wrong, with the closest key.
func TestAddWarnsAboutTheProfilesRemainingProblems(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	seed(t, e, "profiles:\n  prod:\n    ebao: {endpont: \"https://e.example\"}\n", 0o600)
	if err := run(e, "prod", "--set", "ebao.access-key=AK"); err != nil {
		t.Fatal(err)
	}
	if c, raw := saved(t, e); c.File.Profiles["prod"]["ebao"]["access-key"] != "AK" {
		t.Fatalf("file:\n%s", raw)
	}
	if msg := e.ErrOut.String(); !strings.Contains(msg, `profile "prod": ebao.endpont: "ebao.endpont" is unknown; did you mean endpoint?`) {
		t.Errorf("stderr: %s", msg)
	}
}

// --secret-stdin with stdin a terminal would wait without a word while
// the secret shows on the screen as it is typed: it is refused (exit 2)
// before anything is read, saying how to pipe the secret in.
func TestAddSecretStdinRefusesATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.In.WriteString(secret) // what a person would type on the terminal
	err := run(e, "ci", "--secret-stdin", "paoding.password")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := shown(e, err)
	for _, want := range []string{"--secret-stdin paoding.password", "stdin is a terminal", `printf %s "$SECRET" | insure profile add ci --secret-stdin paoding.password`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, hide(msg))
		}
	}
	if strings.Contains(msg, secret) {
		t.Fatalf("secret repeated: %s", hide(msg))
	}
	if e.In.String() != secret {
		t.Error("the terminal was read")
	}
	notWritten(t, e)
}

// brokenKeyring is a machine without a usable OS keyring.
type brokenKeyring struct{}

func (brokenKeyring) Get(string, string) (string, error) {
	return "", errors.New("no dbus session bus")
}
func (brokenKeyring) Set(string, string, string) error { return errors.New("no dbus session bus") }
func (brokenKeyring) Delete(string, string) error      { return errors.New("no dbus session bus") }

// --keyring where there is no keyring was exit 1 with the D-Bus error: a
// usage error (exit 2) saying the file was not changed and where else the
// secret can live, never repeating it. A usage error of add says nothing
// was written (it sends nothing).
func TestAddWithoutAKeyringSaysWhereElseTheSecretCanGo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Keyring = func() config.Keyring { return brokenKeyring{} }
	e.In.WriteString("s3cret-value")
	err := run(e, "staging", "--keyring", "--secret-stdin", "ebao.secret-key")
	fe := &failure.Error{}
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Message, "was not changed") ||
		!strings.Contains(fe.Hint, "INSURE_EBAO_SECRET_KEY") || !strings.Contains(fe.Hint, "drop --keyring") {
		t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, fe.Hint)
	}
	if strings.Contains(err.Error()+fe.Hint+e.ErrOut.String()+e.Out.String(), "s3cret-value") {
		t.Fatal("the secret is shown")
	}
	if _, statErr := os.Stat(e.F.Globals.ConfigPath); statErr == nil {
		if c, raw := saved(t, e); c.File.Profiles["staging"] != nil {
			t.Fatalf("the profile was written:\n%s", raw)
		}
	}
	err = run(e, "bad", "--set", "ebao.endpoint=not a url")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A private key given on stdin with its line breaks lost (flattened to
// spaces by a one-line paste, or written as the two characters \n by a
// CI variable or a JSON file) was saved as it came and failed at every
// Sunshine request. It is saved as PEM the provider reads. PEM text that
// cannot be read at all is refused (exit 2, nothing written, never
// repeated).
func TestAddSecretStdinKeepsAPrivateKeyUsable(t *testing.T) {
	privPEM, _, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(privPEM)), "\n")
	for name, in := range map[string]string{
		"spaces":    strings.Join(lines, " "),
		"escaped":   strings.Join(lines, `\n`) + `\n`,
		"crlf":      strings.Join(lines, "\r\n") + "\r\n",
		"as it was": string(privPEM),
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(in)
		if err := run(e, "ci", "--secret-stdin", "sunshine.private-key"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c, _ := saved(t, e)
		if _, err := sunshine.ReadPrivateKey(c.File.Profiles["ci"]["sunshine"]["private-key"]); err != nil {
			t.Errorf("%s: the saved key cannot be read: %v", name, err)
		}
	}

	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("-----BEGIN PRIVATE KEY----- " + secret + " -----END PRIV")
	err = run(e, "ci", "--secret-stdin", "sunshine.private-key")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), hide(fmt.Sprint(err)))
	}
	if msg := shown(e, err); strings.Contains(msg, secret) || !strings.Contains(msg, "sunshine.private-key") || !strings.Contains(msg, "PEM") {
		t.Errorf("message:\n%s", hide(msg))
	}
	notWritten(t, e)
}
