package configure_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine"
)

// homeKeys makes a key pair under a fresh home folder's keys/, as the
// keygen example does under ~/.config/insure/keys, and returns the home.
func homeKeys(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"partner.pem": privPEM, "platform.pem": pubPEM} {
		if err := os.WriteFile(filepath.Join(home, "keys", name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// savedKeys checks that profile wiz holds both keys by their absolute
// paths, and that Sunshine reads them.
func savedKeys(t *testing.T, e *cmdtest.Env, home string) {
	t.Helper()
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.File.Profiles["wiz"]["sunshine"]
	priv, pub := filepath.Join(home, "keys", "partner.pem"), filepath.Join(home, "keys", "platform.pem")
	if s["private-key"] != priv || s["platform-public-key"] != pub {
		t.Fatalf("saved %q, want the keys' absolute paths", s)
	}
	if _, err := sunshine.ReadPrivateKey(s["private-key"]); err != nil {
		t.Errorf("the saved private key cannot be read: %v", err)
	}
}

// A key path typed "~/keys/partner.pem" at the wizard names the file in
// the home folder, as the shell would have read it; it was refused as
// "not the path of an existing file" though the file was there.
func TestWizardReadsATildeKeyPathAsTheHomeFolders(t *testing.T) {
	home := homeKeys(t)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	refused, err := runWizard(t, e, map[string]any{
		"Sunshine servlet URL*":            e.Sandbox.Endpoint("sunshine"),
		"Sunshine seller id*":              "SELLER1",
		"Sunshine agent code*":             "W03210001",
		"Sunshine insure type*":            "",
		"Path to the partner private key*": "~/keys/partner.pem",
		"Path to the platform public key*": "~/keys/platform.pem",
		"Sunshine advertising*":            "",
		"Sunshine online*":                 "",
		"Payment partner*":                 "",
		"Your product id*":                 "",
		"Base URL of the look-ups*":        "",
	}, "--provider", "sunshine")
	if err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if len(refused) != 0 {
		t.Fatalf("refused %q", refused)
	}
	savedKeys(t, e, home)
}

// In a script, a quoted --set value and a --secret-stdin value reach
// insure with their "~" as typed: they are read as the wizard's are.
func TestFlagsReadATildeKeyPathAsTheHomeFolders(t *testing.T) {
	home := homeKeys(t)
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = ""
	e.In.WriteString("~/keys/partner.pem")
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--provider", "sunshine", "--set", "sunshine.endpoint=" + e.Sandbox.Endpoint("sunshine"),
		"--set", "sunshine.seller-id=S1", "--set", "sunshine.agent-code=W03210001",
		"--set", "sunshine.platform-public-key=~/keys/platform.pem", "--secret-stdin", "sunshine.private-key"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	savedKeys(t, e, home)
}
