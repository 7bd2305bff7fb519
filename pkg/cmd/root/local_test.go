package root

import (
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

func TestVersionFlagPrintsTheVersionLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if code := runMain(e, "--version"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.ErrOut.String())
	}
	flag := e.Out.String()
	e.Reset()
	if code := runMain(e, "version"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.ErrOut.String())
	}
	if !strings.HasPrefix(flag, "insure ") || flag != e.Out.String() {
		t.Errorf("--version printed %q, version printed %q", flag, e.Out.String())
	}
}

func TestLocalCommandsHideRequestFlagsInHelp(t *testing.T) {
	for _, c := range []struct {
		args   []string
		hidden []string
		shown  []string
	}{
		{[]string{"history", "show", "--help"}, []string{"--yes", "--curl", "--dry-run", "--timeout"}, []string{"--profile", "--output"}},
		{[]string{"profile", "list", "--help"}, []string{"--yes", "--curl", "--dry-run", "--timeout"}, []string{"--output"}},
		{[]string{"version", "--help"}, []string{"--yes", "--dry-run"}, nil},
		{[]string{"completion", "--help"}, []string{"--yes", "--timeout"}, nil},
		{[]string{"profile", "remove", "--help"}, []string{"--dry-run"}, []string{"--yes"}},
		{[]string{"vin-report", "buy", "--help"}, nil, []string{"--yes", "--dry-run", "--timeout", "--curl"}},
	} {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		if code := runMain(e, c.args...); code != 0 {
			t.Fatalf("%v: exit %d %s", c.args, code, e.ErrOut.String())
		}
		help := e.Out.String()
		for _, h := range c.hidden {
			if regexp.MustCompile(`(?m)^\s+(-\w, )?` + h + `\b`).MatchString(help) {
				t.Errorf("%v lists %s", c.args, h)
			}
		}
		for _, s := range c.shown {
			if !strings.Contains(help, s) {
				t.Errorf("%v does not list %s", c.args, s)
			}
		}
	}
}

func TestMistypedSubcommandIsUsageWithSuggestion(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if code := runMain(e, "vin-report", "byu"); code != 2 || !strings.Contains(e.ErrOut.String(), "did you mean buy") {
		t.Fatalf("exit %d: %s", code, e.ErrOut.String())
	}
}

func TestNoAtConfirmationSendsNothingAndExitsZero(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{"*": false}
	code := runMain(e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "NO-1")
	if code != 0 || !strings.Contains(e.ErrOut.String(), "nothing was sent") || strings.Contains(e.ErrOut.String(), "error:") {
		t.Fatalf("exit %d: %s", code, e.ErrOut.String())
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/buy") {
			t.Fatalf("a purchase was sent after no: %v", e.ReceivedPaths())
		}
	}
}
