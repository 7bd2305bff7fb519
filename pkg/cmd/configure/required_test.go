package configure_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine"
)

// runWizard answers the wizard for profile wiz with answers and extra
// flags, and returns what each field refused (label: the answers' messages).
func runWizard(t *testing.T, e *cmdtest.Env, answers map[string]any, args ...string) (map[string][]string, error) {
	t.Helper()
	e.F.Globals.Profile = ""
	answers["Check the profile now*"] = false
	e.Prompts.Answers = answers
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs(append([]string{"wiz"}, args...))
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	refused := map[string][]string{}
	for _, r := range e.Prompts.Refused {
		refused[r.Label] = append(refused[r.Label], r.Message)
	}
	return refused, err
}

// The wizard saved a Sunshine private key "999" and a platform key path
// that did not exist (the answer hidden, so the typo could not be seen),
// which profile add --secret-stdin refuses. Both fields refuse such an
// answer as it is typed, with the rule, never repeating the private
// key's; the existing key files are then saved.
func TestWizardRefusesKeyAnswersThatAreNoKeyFile(t *testing.T) {
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	priv, pub := filepath.Join(dir, "partner.pem"), filepath.Join(dir, "platform.pem")
	_ = os.WriteFile(priv, privPEM, 0o600)
	_ = os.WriteFile(pub, pubPEM, 0o644)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	refused, err := runWizard(t, e, map[string]any{
		"Sunshine servlet URL*":            e.Sandbox.Endpoint("sunshine"),
		"Sunshine seller id*":              "SELLER1",
		"Sunshine agent code*":             "W03210001",
		"Sunshine insure type*":            "",
		"Path to the partner private key*": []string{"999", pub, priv},
		"Path to the platform public key*": []string{"/nonexistent.pem", priv, pub},
		"Sunshine advertising*":            "",
		"Sunshine online*":                 "",
		"Payment partner*":                 "",
		"Your product id*":                 "",
		"Base URL of the look-ups*":        "",
	}, "--provider", "sunshine")
	if err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if asked := strings.Join(e.Prompts.Asked, "\n"); !strings.Contains(asked, "Path to the partner private key (PEM) (a file's path or the PEM text; hidden as typed) (required)") {
		t.Errorf("the private key's question does not say it is hidden:\n%s", asked)
	}
	var privRefused, pubRefused []string
	for label, msgs := range refused {
		switch {
		case strings.HasPrefix(label, "Path to the partner private key"):
			privRefused = msgs
		case strings.HasPrefix(label, "Path to the platform public key"):
			pubRefused = msgs
		}
	}
	if len(privRefused) != 2 || !strings.Contains(privRefused[0], "nor the path of an existing file") ||
		!strings.Contains(privRefused[1], "holds no private key") || strings.Contains(strings.Join(privRefused, " "), "999") {
		t.Errorf("private key refusals: %q", privRefused)
	}
	if len(pubRefused) != 2 || !strings.Contains(pubRefused[0], "nor the path of an existing file") ||
		!strings.Contains(pubRefused[1], "holds no public key") {
		t.Errorf("platform key refusals: %q", pubRefused)
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.File.Profiles["wiz"]["sunshine"]; s["private-key"] != priv || s["platform-public-key"] != pub {
		t.Fatalf("saved %q", s)
	}
}

// The wizard saved an eBao section with no endpoint, access key or
// secret key and said "Created". A required setting the profile does not
// hold is marked so and refused empty in its field, as gh auth login
// saves no login that cannot work. Its INSURE_* variable, when set,
// stands in for it (as at every command); optional settings stay
// optional.
func TestWizardRefusesAnEmptyRequiredSetting(t *testing.T) {
	t.Setenv("INSURE_EBAO_SECRET_KEY", "from-the-environment")
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	refused, err := runWizard(t, e, map[string]any{
		"eBao Cloud base URL*":          []string{"", e.Sandbox.Endpoint("ebao")},
		"eBao access key (required)":    []string{"  ", "AK"},
		"eBao secret key (leave empty*": "",
		"eBao channel code":             "",
		"eBao product id":               "",
		"Response header*":              "",
		"Treat a missing response*":     "",
	}, "--provider", "ebao")
	if err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, label := range []string{"eBao Cloud base URL (required)", "eBao access key (required)"} {
		if msgs := refused[label]; len(msgs) != 1 || !strings.Contains(msgs[0], "is required: no eBao Cloud request can be sent without it") ||
			!strings.Contains(msgs[0], "Ctrl-C") {
			t.Errorf("%s refused %q", label, msgs)
		}
	}
	if len(refused) != 2 {
		t.Errorf("refused %q", refused)
	}
	if !strings.Contains(strings.Join(e.Prompts.Asked, "\n"), "eBao secret key (leave empty to use INSURE_EBAO_SECRET_KEY)") {
		t.Errorf("asked %q", e.Prompts.Asked)
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.File.Profiles["wiz"]["ebao"]; s["endpoint"] == "" || s["access-key"] != "AK" || s["secret-key"] != "" {
		t.Fatalf("saved %q", s)
	}
}

// A Bihu city outside Bihu's table, or an agent id that is not a number,
// was saved by the wizard and refused only by renew (or Bihu's login);
// both fields refuse them as typed, with the rule.
func TestWizardRefusesABihuCityAndAgentThatRenewWouldRefuse(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	refused, err := runWizard(t, e, map[string]any{
		"Bihu base URL*":          e.Sandbox.Endpoint("bihu"),
		"Bihu agent id*":          []string{"abc", "102"},
		"Bihu user name*":         "insure-test",
		"Bihu secret key*":        "typed-once",
		"Default Bihu city code*": []string{"zzz", "北京"},
		"Bihu login session*":     "",
		"SecCode hex case*":       "",
	}, "--provider", "bihu")
	if err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if m := refused["Bihu agent id (required)"]; len(m) != 1 || !strings.Contains(m[0], "must be the digits") {
		t.Errorf("agent id refused %q", m)
	}
	if m := refused["Default Bihu city code"]; len(m) != 1 || !strings.Contains(m[0], "is not a Bihu city") || !strings.Contains(m[0], "1 北京") {
		t.Errorf("city refused %q (all: %q)", m, refused)
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.File.Profiles["wiz"]["bihu"]; s["agent-id"] != "102" || s["city-code"] != "北京" {
		t.Fatalf("saved %q", s)
	}
}
