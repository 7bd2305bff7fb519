package show

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

// secret must never reach stdout, stderr or an error; failure messages
// never print it (hide).
const secret = "pw-Zq81-never-shown"

// twoProfiles keeps prod's password in the keyring.
const twoProfiles = `current-profile: prod
profiles:
  prod:
    paoding: {username: acme, password: "keyring:"}
  staging:
    ebao: {access-key: AK}
`

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdShow(e.F, nil)
	cmd.SetArgs(append([]string{}, args...))
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func hide(s string) string { return strings.ReplaceAll(s, secret, "<secret>") }

// seed writes the config file as another process would have and loads it.
func seed(t *testing.T, e *cmdtest.Env, yaml string) {
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
}

func keyring(e *cmdtest.Env) cmdtest.MapKeyring { return e.F.Keyring().(cmdtest.MapKeyring) }

type shown struct {
	Name     string    `json:"name"`
	Current  bool      `json:"current"`
	Settings []Setting `json:"settings"`
	Problems []any     `json:"problems"`
}

// showJSON runs show in a pipe and decodes stdout, failing if the secret
// shows anywhere.
func showJSON(t *testing.T, e *cmdtest.Env, args ...string) shown {
	t.Helper()
	if err := run(e, args...); err != nil {
		t.Fatal(hide(err.Error()))
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), secret) {
		t.Fatalf("the secret shows: stdout %s stderr %s", hide(e.Out.String()), hide(e.ErrOut.String()))
	}
	var s shown
	if err := json.Unmarshal(e.Out.Bytes(), &s); err != nil {
		t.Fatalf("not JSON: %v %s", err, e.Out)
	}
	return s
}

func (s shown) get(provider, key string) (Setting, bool) {
	for _, x := range s.Settings {
		if x.Provider == provider && x.Key == key {
			return x, true
		}
	}
	return Setting{}, false
}

func TestNewCmdShowTakesAtMostOneName(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, args := range [][]string{{}, {"Prod"}} {
		var got *Options
		cmd := NewCmdShow(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil || got.Name != strings.Join(args, "") {
			t.Fatalf("%q: %v %+v", args, err, got)
		}
	}
	err := run(e, "prod", "staging")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	if msg := e.ErrOut.String(); !strings.Contains(msg, "accepts at most 1 arg(s), received 2") || !strings.Contains(msg, "show --help") {
		t.Errorf("%s", msg)
	}
}

func TestShowMasksKeyringSecretsInAPipeAndOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, twoProfiles)
	keyring(e)[config.KeyringService+"/"+config.KeyringUser("prod", "paoding", "password")] = secret
	s := showJSON(t, e, "PROD")
	pw, ok := s.get("paoding", "password")
	if s.Name != "prod" || !s.Current || !ok || pw.Value != "********" || !pw.Secret || pw.Source != "keyring" || pw.Env != "INSURE_PAODING_PASSWORD" {
		t.Fatalf("%+v", s)
	}
	if u, _ := s.get("paoding", "username"); u.Value != "acme" || u.Source != "file" || u.Secret {
		t.Errorf("username %+v", u)
	}
	// Only the providers the profile configures are listed.
	if _, ok := s.get("ebao", "access-key"); ok {
		t.Errorf("another profile's section shows: %+v", s.Settings)
	}

	tty := cmdtest.New(t, cmdtest.Options{TTY: true})
	seed(t, tty, twoProfiles)
	keyring(tty)[config.KeyringService+"/"+config.KeyringUser("prod", "paoding", "password")] = secret
	if err := run(tty, "prod"); err != nil {
		t.Fatal(hide(err.Error()))
	}
	out := tty.Out.String()
	if strings.Contains(out+tty.ErrOut.String(), secret) {
		t.Fatalf("the secret shows: %s", hide(out))
	}
	if !strings.HasPrefix(out, "Profile prod\n\n") || !strings.Contains(out, "PROVIDER") || !strings.Contains(out, "SOURCE") {
		t.Errorf("%s", out)
	}
	if f := rowFields(out, "password"); strings.Join(f, " ") != "paoding password ******** keyring" {
		t.Errorf("password row %q in:\n%s", f, out)
	}
}

func rowFields(table, key string) []string {
	for _, line := range strings.Split(table, "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[1] == key {
			return f
		}
	}
	return nil
}

// A keyring that has lost the secret is reported in place of the value,
// with the variable that can stand in for it; show still succeeds so the
// rest can be checked.
func TestShowSaysWhichKeyringSecretCannotBeRead(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, twoProfiles)
	s := showJSON(t, e, "prod")
	pw, _ := s.get("paoding", "password")
	if pw.Source != "keyring" || !strings.Contains(pw.Value, "unreadable") || !strings.Contains(pw.Value, "set INSURE_PAODING_PASSWORD instead") {
		t.Fatalf("%+v", pw)
	}
}

func TestShowMasksSecretsFromTheEnvironment(t *testing.T) {
	t.Setenv("INSURE_EBAO_SECRET_KEY", secret)
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, twoProfiles)
	s := showJSON(t, e, "staging")
	sk, ok := s.get("ebao", "secret-key")
	if s.Current || !ok || sk.Value != "********" || sk.Source != "env" || !sk.Secret {
		t.Fatalf("%+v", s)
	}
}

// A secret under a misspelt key is still a secret: show lists the
// problem with the closest key but never the value.
func TestShowNeverPrintsAMisspeltSecret(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		seed(t, e, "profiles:\n  prod:\n    paoding: {username: acme, pasword: "+secret+"}\n    ebao: {secert-key: "+secret+"}\n")
		if err := run(e, "prod"); err != nil {
			t.Fatal(hide(err.Error()))
		}
		if strings.Contains(e.Out.String()+e.ErrOut.String(), secret) {
			t.Fatalf("tty=%v: the secret shows: stdout %s stderr %s", tty, hide(e.Out.String()), hide(e.ErrOut.String()))
		}
		for _, want := range []string{"did you mean password?", "did you mean secret-key?"} {
			if !strings.Contains(e.ErrOut.String(), want) {
				t.Errorf("tty=%v: stderr does not say %q: %s", tty, want, e.ErrOut)
			}
		}
		if !strings.Contains(e.Out.String(), "acme") {
			t.Errorf("tty=%v: the good setting is gone: %s", tty, e.Out)
		}
	}
}

// The profile's defaults section is part of what show lists (docs:
// "profile show NAME lists every field with its source").
func TestShowListsTheProfilesDefaults(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, "profiles:\n  prod:\n    defaults: {output: yaml, timeout: 60s}\n    ebao: {access-key: AK}\n")
	e.F.Globals.Output = "json"
	s := showJSON(t, e, "prod")
	out, ok1 := s.get("defaults", "output")
	to, ok2 := s.get("defaults", "timeout")
	if !ok1 || !ok2 || out.Value != "yaml" || out.Source != "file" || to.Value != "60s" {
		t.Fatalf("%+v", s.Settings)
	}
	// Listed first, as the file's example has it, and only what is set.
	if s.Settings[0].Provider != "defaults" || s.Settings[2].Provider != "ebao" {
		t.Errorf("order: %+v", s.Settings)
	}
}

// Without a name show uses -p, then the current profile; with neither it
// says how to name one.
func TestShowWithoutANameShowsTheSelectedProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, twoProfiles)
	e.F.Globals.Profile = ""
	if s := showJSON(t, e); s.Name != "prod" || !s.Current {
		t.Errorf("current: %+v", s)
	}
	e.Reset()
	e.F.Globals.Profile = "Staging"
	if s := showJSON(t, e); s.Name != "staging" || s.Current {
		t.Errorf("-p Staging: %+v", s)
	}

	none := cmdtest.New(t, cmdtest.Options{})
	seed(t, none, "profiles:\n  prod:\n    ebao: {access-key: AK}\n")
	none.F.Globals.Profile = ""
	err := run(none)
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(none.F.IOStreams, err, false)
	if msg := none.ErrOut.String(); !strings.Contains(msg, "no profile selected") || !strings.Contains(msg, "insure profile show NAME") || none.Out.Len() != 0 {
		t.Errorf("stdout %q stderr %q", none.Out, msg)
	}
}

func TestShowOfAnUnknownProfileSuggestsTheClosest(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		seed(t, e, twoProfiles)
		err := run(e, "prdo")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		for _, want := range []string{`no profile named "prdo"`, "did you mean prod?", "insure profile add prdo"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("tty=%v: %q not in %v", tty, want, err)
			}
		}
		if e.Out.Len() != 0 {
			t.Errorf("stdout: %s", e.Out)
		}
	}
}

// The built-in profile shows its test credentials masked and its
// endpoints as the sandbox started on demand.
func TestShowOfTheSandbox(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	s := showJSON(t, e, "sandbox")
	for _, prov := range []string{"paoding", "ebao", "bihu", "sunshine"} {
		ep, ok := s.get(prov, "endpoint")
		if !ok || ep.Value != "(in-process sandbox, started on demand)" || ep.Source != "sandbox" {
			t.Errorf("%s endpoint: %+v", prov, ep)
		}
	}
	for _, x := range s.Settings {
		if x.Secret && x.Value != "********" {
			t.Errorf("%s.%s is not masked", x.Provider, x.Key)
		}
	}
	if pw, _ := s.get("paoding", "password"); !pw.Secret || pw.Source != "sandbox" {
		t.Errorf("%+v", pw)
	}
}

// A secret from the environment that breaks the secret rules is shown as
// unreadable with "env" as its source, even where the file keeps that
// secret in the keyring: the user must fix the variable, not the keyring.
func TestShowBlamesTheEnvironmentForABadSecretThere(t *testing.T) {
	t.Setenv("INSURE_PAODING_PASSWORD", " "+secret+" ")
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		seed(t, e, twoProfiles)
		keyring(e)[config.KeyringService+"/"+config.KeyringUser("prod", "paoding", "password")] = secret
		if !tty {
			pw, _ := showJSON(t, e, "prod").get("paoding", "password")
			if pw.Source != "env" || !strings.Contains(pw.Value, "unreadable: INSURE_PAODING_PASSWORD has white space") {
				t.Errorf("json: %+v", pw)
			}
			continue
		}
		if err := run(e, "prod"); err != nil {
			t.Fatal(hide(err.Error()))
		}
		f := rowFields(e.Out.String(), "password")
		if len(f) == 0 || f[len(f)-1] != "env" {
			t.Errorf("tty: password row %q in:\n%s", f, hide(e.Out.String()))
		}
		if strings.Contains(e.Out.String()+e.ErrOut.String(), secret) {
			t.Error("tty: the secret shows")
		}
	}
}

// While INSURE_SANDBOX_URL is set, every -p sandbox request goes to that
// server: the endpoints say so, and where it comes from, rather than the
// in-process sandbox no request reaches.
func TestShowOfTheSandboxNamesTheServerInsureSandboxURLPointsAt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:8790/")
	s := showJSON(t, e, "sandbox")
	for prov, want := range map[string]string{"paoding": "http://127.0.0.1:8790/paoding", "ebao": "http://127.0.0.1:8790/ebao",
		"bihu": "http://127.0.0.1:8790/bihu", "sunshine": "http://127.0.0.1:8790/sunshine/InterFaceServlet"} {
		if ep, ok := s.get(prov, "endpoint"); !ok || ep.Value != want || ep.Source != "env" || ep.Env != "INSURE_SANDBOX_URL" {
			t.Errorf("%s endpoint: %+v, want %s from INSURE_SANDBOX_URL", prov, ep, want)
		}
	}
}
