package configure_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
	"github.com/insurekit/insure/providers/sunshine"
)

// The wizard ends by offering insure doctor; accepted, it checks the
// profile it just saved against the provider.
func TestWizardOffersDoctorAndRunsIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	// --secret-stdin on a terminal: the wizard asks for the secret with
	// the answer hidden instead of reading the terminal to its end.
	e.Prompts.Answers = map[string]any{
		"eBao secret key*":       ebaosb.TestSecretKey,
		"Check the profile now*": true,
	}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"Wiz", "--provider", "ebao", "--set", "ebao.endpoint=" + e.Sandbox.Endpoint("ebao"),
		"--set", "ebao.access-key=" + ebaosb.TestAccessKey, "--set", "ebao.channel-code=AXA_TP", "--set", "ebao.product-id=UbwoOpjMjt:1",
		"--set", "ebao.response-signature-header=signature", "--set", "ebao.require-response-signature=true", "--secret-stdin", "ebao.secret-key"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	out := e.Out.String()
	if !strings.Contains(out, "Profile wiz") || !strings.Contains(out, "✓ ebao credentials") || !strings.Contains(out, "every check passed") {
		t.Fatalf("doctor output:\n%s\nstderr:\n%s", out, e.ErrOut)
	}
	if strings.Contains(out, "paoding") {
		t.Fatalf("checked a provider the profile does not configure:\n%s", out)
	}
}

// On a terminal where --no-input or CI forbids prompts, the refusal names
// that, not a missing terminal, and says how to answer by flags (exit 2).
func TestNoPromptOnATerminalSaysWhy(t *testing.T) {
	for _, c := range []struct {
		name   string
		tty    bool
		reason string
	}{
		{"terminal with --no-input", true, "--no-input or CI"},
		{"pipe", false, "not a terminal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: c.tty})
			e.F.IOStreams.SetNeverPrompt(c.tty)
			cmd := configure.NewCmdConfigure(e.F, nil)
			cmd.SetArgs([]string{"wiz"})
			cmd.SetOut(e.Out)
			cmd.SetErr(e.ErrOut)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), c.reason) || !strings.Contains(hintOf(err), "--set") {
				t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, hintOf(err))
			}
			if strings.Contains(err.Error(), "needs a terminal") && c.tty {
				t.Fatalf("blames the terminal: %v", err)
			}
		})
	}
}

func hintOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}

// Each answer is checked as it is typed: a Paoding user name over 15
// characters is refused on the spot with the rule, the corrected one is
// taken, and the profile is saved with everything else typed (exit 0),
// rather than the whole form failing at the end.
func TestWizardRefusesABadAnswerOnTheSpot(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.Prompts.Answers = map[string]any{
		"Paoding API base URL*":         []string{"openapi4s.beitaijf.cn", e.Sandbox.Endpoint("paoding")},
		"Paoding user name*":            []string{"twenty-one-characters", "acme"},
		"Paoding password*":             "typed-once",
		"Paoding API version*":          "",
		"Paoding header spelling*":      "",
		"Default URL Paoding notifies*": "",
		"Check the profile now*":        false,
	}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--provider", "paoding"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	refused := map[string]string{}
	for _, r := range e.Prompts.Refused {
		refused[r.Value] = r.Message
	}
	if len(refused) != 2 || !strings.Contains(refused["twenty-one-characters"], "15") ||
		!strings.Contains(refused["openapi4s.beitaijf.cn"], "http://") || !strings.Contains(refused["openapi4s.beitaijf.cn"], "for example") {
		t.Fatalf("refused %q", e.Prompts.Refused)
	}
	cfg, err := e.F.Config()
	if err != nil {
		t.Fatal(err)
	}
	saved := cfg.File.Profiles["wiz"]["paoding"]
	if saved["username"] != "acme" || saved["endpoint"] != e.Sandbox.Endpoint("paoding") || saved["password"] == "" {
		t.Fatalf("saved username %q endpoint %q, password set %v", saved["username"], saved["endpoint"], saved["password"] != "")
	}
}

// Unticking every provider (Space on the ticked one, then Enter) left a
// form with no question, which crashed the terminal UI with a stack trace
// (exit 1). It is a usage error that says how to choose, and nothing is
// saved.
func TestWizardWithNoProviderChosenSavesNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.Prompts.Answers = map[string]any{"Which providers*": [][]int{{}}}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "no provider") || !strings.Contains(hintOf(err), "--provider") {
		t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, hintOf(err))
	}
	for _, asked := range e.Prompts.Asked {
		if strings.HasPrefix(asked, "Check the profile") {
			t.Errorf("offered to check a profile it did not save")
		}
	}
	cfg, cerr := e.F.Config()
	if cerr != nil {
		t.Fatal(cerr)
	}
	if _, ok := cfg.File.Profiles["wiz"]; ok {
		t.Fatalf("saved a profile: %v", cfg.File.Profiles["wiz"])
	}
}

// brokenKeyring is a machine without a usable OS keyring (no D-Bus
// session: a server, a container).
type brokenKeyring struct{}

func (brokenKeyring) Get(string, string) (string, error) {
	return "", errors.New("no dbus session bus")
}
func (brokenKeyring) Set(string, string, string) error { return errors.New("no dbus session bus") }
func (brokenKeyring) Delete(string, string) error      { return errors.New("no dbus session bus") }

// configure --keyring with no keyring asked every question, then threw
// every answer away at the end. The keyring is checked first: exit 2
// before any question, naming the keyring and the way around it.
func TestWizardChecksTheKeyringBeforeAsking(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.F.Keyring = func() config.Keyring { return brokenKeyring{} }
	e.Prompts.Answers = map[string]any{"Which providers*": []int{0}, "Paoding*": "", "Default URL Paoding*": "", "Check the profile now*": false}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--keyring"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "OS keyring") || !strings.Contains(hintOf(err), "drop --keyring") {
		t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, hintOf(err))
	}
	if len(e.Prompts.Asked) != 0 {
		t.Fatalf("asked %q before finding there is no keyring", e.Prompts.Asked)
	}
}

// A private key pasted into the wizard's one-line answer arrives with its
// line breaks turned into spaces. It was saved like that, and every
// Sunshine request then failed ("the PEM text is not a usable RSA key").
// It is saved as PEM that Sunshine reads; PEM text that cannot be read
// at all is refused on the spot, never repeated.
func TestWizardKeepsAPastedPrivateKeyUsable(t *testing.T) {
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	platform := filepath.Join(t.TempDir(), "platform.pem")
	if err := os.WriteFile(platform, pubPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	pasted := strings.Join(strings.Fields(string(privPEM)), " ")
	broken := "-----BEGIN PRIVATE KEY----- c2VjcmV0LWJvZHk= -----END PRIV"
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.Prompts.Answers = map[string]any{
		"Path to the partner private key*": []string{broken, pasted},
		"Sunshine*":                        "",
		"Payment partner*":                 "",
		"Your product id*":                 "",
		"Base URL of the look-ups*":        "",
		"Check the profile now*":           false,
	}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--provider", "sunshine", "--set", "sunshine.endpoint=" + e.Sandbox.Endpoint("sunshine"),
		"--set", "sunshine.seller-id=S1", "--set", "sunshine.agent-code=W03210001", "--set", "sunshine.platform-public-key=" + platform})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if len(e.Prompts.Refused) != 1 || e.Prompts.Refused[0].Value != broken || !strings.Contains(e.Prompts.Refused[0].Message, "PEM") ||
		strings.Contains(e.Prompts.Refused[0].Message, "c2VjcmV0") {
		t.Fatalf("refused %q", e.Prompts.Refused)
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	saved := cfg.File.Profiles["wiz"]["sunshine"]["private-key"]
	if _, err := sunshine.ReadPrivateKey(saved); err != nil {
		t.Fatalf("the saved key cannot be read: %v", err)
	}
}

// aborting is a person pressing Ctrl-C (or Esc) at the first question.
type aborting struct{ prompter.Prompter }

func (aborting) MultiSelect(string, []string, []string) ([]int, error) {
	return nil, prompter.ErrAborted
}
func (aborting) Input(string, string) (string, error) { return "", prompter.ErrAborted }

// Ctrl-C or Esc in the wizard is exit 130 with nothing written, and the
// message says so: it said "nothing was sent", which is about requests,
// not about the profile the wizard was writing.
func TestWizardAbandonedWritesNothingAndSaysSo(t *testing.T) {
	for _, args := range [][]string{{"wiz"}, {"wiz", "--provider", "paoding"}} {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		e.F.Globals.Profile = ""
		e.F.Prompter = func() prompter.Prompter { return aborting{} }
		cmd := configure.NewCmdConfigure(e.F, nil)
		cmd.SetArgs(args)
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 130 || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("%q: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
		if _, serr := os.Stat(e.Config.Path); serr == nil {
			t.Fatalf("%q: the config file was written", args)
		}
	}
}

// A setting with a fixed set of values is a select of those values, the
// current one chosen at first (Enter keeps it); free-text settings stay
// text fields. A value outside the set, written by hand, keeps its
// question a text field rather than being replaced by the first option.
func TestWizardOffersASettingsChoicesAsASelect(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.Prompts.Answers = map[string]any{
		"Paoding API base URL*":         e.Sandbox.Endpoint("paoding"),
		"Paoding user name*":            "acme",
		"Paoding password*":             "typed-once",
		"Paoding API version*":          "",
		"Paoding header spelling*":      "underscores",
		"Default URL Paoding notifies*": "",
		"eBao Cloud base URL*":          e.Sandbox.Endpoint("ebao"),
		"eBao access key*":              "AK",
		"eBao secret key*":              "typed-once",
		"eBao channel code*":            "",
		"eBao product id*":              "",
		"Response header*":              "",
		"Treat a missing response*":     "",
		"Check the profile now*":        false,
	}
	cfg, err := e.F.Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.File.Profiles == nil {
		cfg.File.Profiles = map[string]map[string]config.Section{}
	}
	cfg.File.Profiles["wiz"] = map[string]config.Section{"ebao": {"require-response-signature": "1"}}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--provider", "paoding", "--provider", "ebao"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	options := map[string][]string{}
	for _, form := range e.Prompts.Forms {
		for _, q := range form {
			options[q.Key] = q.Options
			// The prompter writes Example beside the label; a label
			// carrying it too showed it twice ("(e.g. X; e.g. X)").
			if q.Example != "" && strings.Contains(q.Label, q.Example) {
				t.Errorf("label %q already carries the example %q", q.Label, q.Example)
			}
		}
	}
	if got := options["paoding.header-style"]; strings.Join(got, ",") != "hyphens,underscores" {
		t.Errorf("header-style offered %q, want the two spellings", got)
	}
	for _, key := range []string{"paoding.endpoint", "paoding.username", "ebao.require-response-signature"} {
		if got := options[key]; got != nil {
			t.Errorf("%s offered %q, want a text field", key, got)
		}
	}
	saved := cfg.File.Profiles["wiz"]
	if saved["paoding"]["header-style"] != "underscores" || saved["ebao"]["require-response-signature"] != "1" {
		t.Fatalf("saved header-style %q, require-response-signature %q", saved["paoding"]["header-style"], saved["ebao"]["require-response-signature"])
	}
}
