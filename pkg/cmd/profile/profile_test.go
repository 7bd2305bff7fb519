package profile

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdProfile(e.F)
	cmd.SetArgs(args)
	return cmd.Execute()
}

// reload reads the saved file back, as the next process would.
func reload(t *testing.T, e *cmdtest.Env) *config.Config {
	t.Helper()
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *add.Options
	cmd := add.NewCmdAdd(e.F, func(o *add.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"test", "--set", "paoding.username=acme", "--secret-stdin", "paoding.password", "--keyring", "--use"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Name != "test" || got.Values[0] != "paoding.username=acme" || got.SecretStdin != "paoding.password" || !got.UseKeyring || !got.Use {
		t.Fatalf("%+v", got)
	}
}

func TestAddWritesPrivateFileAndShowMasks(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("s3cret-pw\n")
	if err := run(e, "add", "test", "--set", "paoding.endpoint=http://x.example", "--set", "paoding.username=acme", "--secret-stdin", "paoding.password"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(e.Config.Path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	c := reload(t, e)
	if c.File.CurrentProfile != "test" || c.File.Profiles["test"]["paoding"]["password"] != "s3cret-pw" {
		t.Fatalf("%+v", c.File)
	}
	e.Config = c
	e.Reset()
	if err := run(e, "show", "test"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Out.String(), "s3cret-pw") || !strings.Contains(e.Out.String(), `"value":"********"`) {
		t.Fatalf("show: %s", e.Out.String())
	}
	t.Setenv("INSURE_PAODING_USERNAME", "from-env")
	e.Reset()
	if err := run(e, "show", "test"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"value":"from-env","secret":false,"source":"env"`) {
		t.Fatalf("env override not shown: %s", e.Out.String())
	}
}

func TestSecretsAreRefusedAsFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "add", "test", "--set", "ebao.secret-key=abc123")
	if cmdutil.ExitCode(err) != 2 || strings.Contains(err.Error(), "abc123") {
		t.Fatalf("%v", err)
	}
	if _, serr := os.Stat(e.Config.Path); serr == nil {
		t.Fatal("the file was written")
	}
}

func TestKeyringKeepsSecretsOutOfTheFile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	kr := cmdtest.MapKeyring{}
	e.F.Keyring = func() config.Keyring { return kr }
	e.In.WriteString("kr-secret")
	if err := run(e, "add", "kr", "--secret-stdin", "bihu.secret-key", "--keyring"); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(e.Config.Path)
	if strings.Contains(string(raw), "kr-secret") || !strings.Contains(string(raw), "keyring:") {
		t.Fatalf("file: %s", raw)
	}
	p, err := reload(t, e).Profile("kr", kr)
	if err != nil {
		t.Fatal(err)
	}
	if v, src, _ := p.Get("bihu", "secret-key"); v != "kr-secret" || src != "keyring" {
		t.Fatalf("%q from %s", v, src)
	}
	e.Config = reload(t, e)
	e.F.Globals.Yes = true
	if err := run(e, "remove", "kr"); err != nil {
		t.Fatal(err)
	}
	if len(kr) != 0 {
		t.Fatalf("keyring entries left: %v", kr)
	}
}

func TestListUseRemoveInPipeAndTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	_ = run(e, "add", "a", "--set", "paoding.username=u")
	_ = run(e, "add", "b", "--set", "ebao.access-key=k")
	e.Config = reload(t, e)
	e.Reset()
	if err := run(e, "use", "b"); err != nil {
		t.Fatal(err)
	}
	e.Config = reload(t, e)
	e.Reset()
	if err := run(e, "list"); err != nil {
		t.Fatal(err)
	}
	var entries []map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &entries); err != nil || len(entries) != 3 {
		t.Fatalf("%s", e.Out.String())
	}
	if entries[0]["name"] != "sandbox" || entries[2]["name"] != "b" || entries[2]["current"] != true {
		t.Fatalf("%v", entries)
	}
	if err := run(e, "remove", "a"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("remove without --yes in a pipe: %v", err)
	}
	if err := run(e, "remove", "sandbox"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("remove sandbox: %v", err)
	}

	tty := cmdtest.New(t, cmdtest.Options{TTY: true})
	tty.Config = e.Config
	if err := run(tty, "list"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tty.Out.String(), "sandbox (built-in)") || !strings.Contains(tty.Out.String(), "NAME") {
		t.Fatalf("%s", tty.Out.String())
	}
}

func TestConfigureWizardOnTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{
		"Paoding API base URL*":    "http://openapi4s.beitaijf.cn",
		"Paoding user name*":       "acme",
		"Paoding password*":        "wizard-pw",
		"Paoding API version*":     "",
		"Paoding header spelling*": 0,
		"Default URL Paoding*":     "https://acme.example/notify",
		"Which providers*":         []int{0},
		"Check the profile now*":   false,
	}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	sec := reload(t, e).File.Profiles["wiz"]["paoding"]
	if sec["username"] != "acme" || sec["password"] != "wizard-pw" || sec["api-version"] != "1.0" || sec["endpoint"] != "http://openapi4s.beitaijf.cn" {
		t.Fatalf("%v", sec)
	}
}

func TestConfigureInPipeNeedsFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"ci"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("%v", err)
	}
	cmd = configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"ci", "--set", "paoding.username=acme"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if reload(t, e).File.Profiles["ci"]["paoding"]["username"] != "acme" {
		t.Fatal("not saved")
	}
}
