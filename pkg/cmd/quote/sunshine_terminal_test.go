package quote

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
)

// The gift line of a saved premium names the command that chooses them:
// pasted, it must run under the same profile as the others hints do. It
// was printed without -p, so it failed with "no profile selected".
func TestSunshineGiftHintNamesTheProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetStdinTTY(false) // the quote from a script; its change on a terminal
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	e.Reset()
	e.F.IOStreams.SetStdinTTY(true)
	if err := runSunshineQuote(e, "--session", list[0].ID, "--package", "optional", "--set", "cov_600=500000"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	want := "choose gifts:         insure -p sandbox sunshine issue --session " + list[0].ID + " --set gifts="
	if !strings.Contains(e.Out.String(), want) {
		t.Fatalf("%q not in:\n%s", want, e.Out.String())
	}
}

// abortingPrompter is a person pressing Ctrl-C (or Esc) at the first
// question.
type abortingPrompter struct{ *cmdtest.Prompter }

func (abortingPrompter) Form([]prompter.Question) (map[string]string, error) {
	return nil, prompter.ErrAborted
}
func (abortingPrompter) Input(string, string) (string, error) { return "", prompter.ErrAborted }

// Ctrl-C at the vehicle form, after 100 opened the session: the steps
// before were sent and the session is saved, so the error must not say
// that nothing was sent, and must say how to continue. It said
// "interrupted at a prompt (Ctrl-C or Esc); nothing was sent", no hint.
func TestSunshineAbortAtTheVehicleFormSaysHowToContinue(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Prompter = func() prompter.Prompter { return abortingPrompter{e.Prompts} }
	err := runSunshineQuote(e, append(newArgs, "--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321")...)
	if cmdutil.ExitCode(err) != 130 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 {
		t.Fatalf("session not saved: %+v", list)
	}
	doc := string(cmdutil.ErrorJSON(err))
	if strings.Contains(doc, "nothing was sent") || !strings.Contains(doc, "sunshine quote --session "+list[0].ID) {
		t.Fatalf("%s", doc)
	}
}

// A quote that stops for an answer the platform still wants keeps its
// session, but not this run's answers: the hint said to run the session
// again with the missing --set only, and the platform then asked again
// for everything the -f file had answered.
func TestSunshineContinueHintSaysToGiveTheAnswersAgain(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runSunshineQuote(e, append(newArgs, "--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321")...)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(fe.Hint, "with this run's -f and --set answers plus the missing ones") || !strings.Contains(fe.Hint, "--session ") {
		t.Errorf("hint %q", fe.Hint)
	}
}

// abortingEverywhere aborts every prompt, pickers included.
type abortingEverywhere struct{ abortingPrompter }

func (abortingEverywhere) Select(string, string, []string) (int, error) {
	return 0, prompter.ErrAborted
}
func (abortingEverywhere) MultiSelect(string, []string, []string) ([]int, error) {
	return nil, prompter.ErrAborted
}
func (abortingEverywhere) Confirm(string, bool) (bool, error) { return false, prompter.ErrAborted }

// Ctrl-C in the coverage picker of `quote --session S --package optional`:
// the hint's command keeps --package optional. Without it the session only
// saved the premium it had (115), and the change asked for was lost.
func TestSunshineAbortInTheCoveragePickerKeepsThePackage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetStdinTTY(false) // the quote from a script; its change on a terminal
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	e.Reset()
	e.F.IOStreams.SetStdinTTY(true)
	e.F.Prompter = func() prompter.Prompter { return abortingEverywhere{abortingPrompter{e.Prompts}} }
	err := runSunshineQuote(e, "--session", list[0].ID, "--package", "optional")
	if cmdutil.ExitCode(err) != 130 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if doc := string(cmdutil.ErrorJSON(err)); !strings.Contains(doc, "sunshine quote --session "+list[0].ID+" --package optional") {
		t.Fatalf("%s", doc)
	}
}

// On a terminal a new purchase asks for the flags left out (plate, city,
// owner, mobile), each checked as typed, where it exited 2 listing them;
// an empty plate is a new car. A script still gets exit 2 and nothing
// asked.
func TestSunshineAsksForTheStartOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = vehicleFormAnswers()
	for label, typed := range map[string]any{
		PromptSunshinePlate:  []string{"冀A0002", "冀 a00021"},
		PromptSunshineCity:   []string{"0751", "07518800"},
		PromptSunshineOwner:  "张三",
		PromptSunshineMobile: []string{"1380000", "13800000000"},
	} {
		e.Prompts.Answers[label] = typed
	}
	err := runSunshineQuote(e)
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	if len(e.Prompts.Refused) != 3 {
		t.Errorf("refused %+v, want the short plate, the 4-digit city and the short mobile", e.Prompts.Refused)
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 || list[0].Plate != "冀A00021" {
		t.Fatalf("sessions %+v", list)
	}

	// An empty plate is a new car (Ctrl-C at its vehicle form, which
	// is not this test's business, keeps the session).
	e = cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{PromptSunshinePlate: "", PromptSunshineCity: "07518800", PromptSunshineOwner: "张三",
		PromptSunshineMobile: "13800000000"}
	e.F.Prompter = func() prompter.Prompter { return startOnly{e.Prompts} }
	_ = runSunshineQuote(e)
	if len(e.ReceivedPaths()) == 0 {
		t.Fatal("nothing sent for a new car")
	}
	if list, _ := (shared.RecordSessions{Store: e.Store}).List(t.Context(), config.SandboxProfile, 0); len(list) != 1 || !list[0].NewCar {
		t.Fatalf("an empty plate did not start a new car's purchase: %+v", list)
	}

	// In a script nothing is asked: exit 2 naming the flags.
	e = cmdtest.New(t, cmdtest.Options{})
	err = runSunshineQuote(e)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--plate") || len(e.Prompts.Asked) != 0 {
		t.Fatalf("exit %d: %v, asked %q", cmdutil.ExitCode(err), err, e.Prompts.Asked)
	}
}

// startOnly answers the start's questions and presses Ctrl-C at any
// other form.
type startOnly struct{ *cmdtest.Prompter }

func (p startOnly) Form(qs []prompter.Question) (map[string]string, error) {
	if len(qs) > 0 && qs[0].Key == "plate" {
		return p.Prompter.Form(qs)
	}
	return nil, prompter.ErrAborted
}
func (startOnly) Input(string, string) (string, error)         { return "", prompter.ErrAborted }
func (startOnly) Select(string, string, []string) (int, error) { return 0, prompter.ErrAborted }

// Ctrl-C at the form of the 095 vehicle lookup: 095 went out, so the
// error must not say that nothing was sent; it says that only the lookup
// (a read) was, and that no session was opened. It said "interrupted at a
// prompt (Ctrl-C or Esc); nothing was sent".
func TestSunshineAbortAtTheLookupFormSaysOnlyTheLookupWasSent(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Prompter = func() prompter.Prompter { return abortingPrompter{e.Prompts} }
	err := runSunshineQuote(e, newArgs...)
	if cmdutil.ExitCode(err) != 130 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if paths := e.ReceivedPaths(); len(paths) != 1 {
		t.Fatalf("sent %v, want the 095 lookup alone", paths)
	}
	doc := string(cmdutil.ErrorJSON(err))
	if strings.Contains(doc, "nothing was sent") || !strings.Contains(doc, "only the vehicle lookup (095, a read) was sent") ||
		!strings.Contains(doc, "no session was opened") {
		t.Fatalf("%s", doc)
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 0 {
		t.Fatalf("sessions %+v", list)
	}
}
