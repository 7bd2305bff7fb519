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
	"github.com/insurekit/insure/pkg/prompter"
)

// A URL pasted with spaces and a line break around it passed the URL rule
// (which trims) and was saved as pasted: every Paoding request then failed
// to parse the endpoint and insure doctor crashed on it. Answers typed
// with a Chinese input method in full-width mode (ａｃｍｅ, a full-width
// hyphen in a password) were saved too, to fail only at the provider.
// The URL is saved trimmed; the full-width answers are refused on the
// spot, the user name with its half-width form as the example, the
// password without repeating any of its characters.
func TestWizardTrimsPastedAnswersAndRefusesFullWidthOnes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	endpoint := e.Sandbox.Endpoint("paoding")
	e.Prompts.Answers = map[string]any{
		"Paoding API base URL*":         "  " + endpoint + " \n",
		"Paoding user name*":            []string{"ａｃｍｅ－４ｓ", "acme-4s"},
		"Paoding password*":             []string{"pass－Word-9Q", "pass-Word-9Q"},
		"Paoding API version*":          " 1.0\u3000",
		"Paoding header spelling*":      "",
		"Default URL Paoding notifies*": "   ",
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
		refused[r.Label] = r.Message
	}
	user, pw := refused["Paoding user name (at most 15 characters) (required)"], refused["Paoding password (required)"]
	if len(refused) != 2 || !strings.Contains(user, "full-width") || !strings.Contains(user, "for example acme-4s") ||
		!strings.Contains(pw, "character 5 is a full-width") || strings.Contains(pw, "－") {
		t.Fatalf("refused %q", e.Prompts.Refused)
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	saved := cfg.File.Profiles["wiz"]["paoding"]
	if saved["endpoint"] != endpoint || saved["username"] != "acme-4s" || saved["password"] != "pass-Word-9Q" || saved["api-version"] != "1.0" {
		t.Fatalf("saved %q", saved)
	}
	if _, ok := saved["notify-url"]; ok {
		t.Fatalf("an answer of spaces was saved: %q", saved["notify-url"])
	}
}

// escAtTheCheck presses Esc (or Ctrl-C) at the offer to check the profile,
// after answering the form.
type escAtTheCheck struct{ *cmdtest.Prompter }

func (escAtTheCheck) Confirm(string, bool) (bool, error) { return false, prompter.ErrAborted }

// Esc at "Check the profile now?" said "nothing was sent" under the line
// saying the profile was created. It is still exit 130, saying the
// profile is saved and how to check it; and since another profile is the
// current one, how to use this one.
func TestWizardAbandonedAtTheCheckSaysTheProfileIsSaved(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	seedProfile(t, e, "current-profile: prod\nprofiles:\n  prod:\n    paoding:\n      username: acme\n")
	e.Prompts.Answers = map[string]any{"Paoding API base URL*": e.Sandbox.Endpoint("paoding"), "Paoding password*": "typed-once",
		"Paoding API version*": "", "Paoding header spelling*": "", "Default URL Paoding*": ""}
	e.F.Prompter = func() prompter.Prompter { return escAtTheCheck{e.Prompts} }
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz", "--provider", "paoding", "--set", "paoding.username=acme"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 130 || !strings.Contains(err.Error(), "profile wiz is saved") ||
		!strings.Contains(err.Error(), "insure -p wiz doctor") || strings.Contains(err.Error(), "nothing was") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(e.ErrOut.String(), "insure profile use wiz") {
		t.Fatalf("stderr does not say how to use the profile:\n%s", e.ErrOut)
	}
	cfg, lerr := config.Load(e.Config.Path, e.F.Registry)
	if lerr != nil {
		t.Fatal(lerr)
	}
	if cfg.File.Profiles["wiz"]["paoding"]["username"] != "acme" || cfg.File.CurrentProfile != "prod" {
		t.Fatalf("saved %v, current %q", cfg.File.Profiles["wiz"], cfg.File.CurrentProfile)
	}
}

// seedProfile writes the config file as another process would have, and
// loads it.
func seedProfile(t *testing.T, e *cmdtest.Env, yaml string) {
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
