package prune

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// unconfirmed is a world where --yes was not given.
func unconfirmed(t *testing.T, tty bool) *cmdtest.Env {
	e := env(t, tty)
	e.F.Globals.Yes = false
	return e
}

// Prune removes data for good: in a script it needs --yes, as every act
// that cannot be undone does. Without it, exit 2 naming --yes and saying
// what would go, and nothing removed. It used to remove without a word.
func TestPruneInAPipeNeedsYes(t *testing.T) {
	e := unconfirmed(t, false)
	seed(t, e, strings.Repeat("x", 2000), days(200), days(100), days(1))
	err := prune(e)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(fe.Message, "--yes") || !strings.Contains(fe.Message, "nothing was removed") {
		t.Errorf("message %q", fe.Message)
	}
	// The hint says how many entries, how many bytes and up to when.
	if !strings.Contains(fe.Hint, "--yes") || !strings.Contains(fe.Hint, "Remove 2 journal entries (") ||
		!strings.Contains(fe.Hint, "KiB) recorded up to 2026-08-22") || !strings.Contains(fe.Hint, "older than 90d") {
		t.Errorf("hint %q", fe.Hint)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out)
	}
	if got := left(t, e); len(got) != 3 {
		t.Fatalf("removed without --yes: left %v", got)
	}
	// The same with nothing due: a script learns it needs --yes on its
	// first run, not on the day entries become old enough.
	e2 := unconfirmed(t, false)
	seed(t, e2, "", days(1))
	if err := prune(e2); cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("nothing due: exit %d %v", cmdutil.ExitCode(err), err)
	}
	// --yes, as a cron job passes it, removes.
	e.F.Globals.Yes = true
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if r := decode(t, e.Out.String()); r.Removed != 2 || r.Remaining != 1 {
		t.Errorf("%+v", r)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-2" {
		t.Errorf("left %v", got)
	}
}

// --no-input on a terminal is a script too.
func TestPruneWithNoInputNeedsYes(t *testing.T) {
	e := unconfirmed(t, true)
	e.F.IOStreams.SetNeverPrompt(true)
	seed(t, e, "", days(200), days(1))
	if err := prune(e); cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got := left(t, e); len(got) != 2 {
		t.Errorf("left %v", got)
	}
}

// On a terminal prune says what it would remove and asks; "no" is a
// decision (exit 0) and removes nothing.
func TestPruneOnATerminalAsks(t *testing.T) {
	e := unconfirmed(t, true)
	seed(t, e, strings.Repeat("x", 2000), days(200), days(95), days(3))
	e.Prompts.Answers = map[string]any{"Remove 2 journal entries*": false}
	if err := prune(e); err != nil {
		t.Fatalf("declined: %v", err)
	}
	if len(e.Prompts.Asked) != 1 {
		t.Fatalf("asked %q", e.Prompts.Asked)
	}
	q := e.Prompts.Asked[0]
	for _, want := range []string{"Remove 2 journal entries (", "KiB) recorded up to 2026-08-27", "older than 90d", "100MiB", "1 entries ("} {
		if !strings.Contains(q, want) {
			t.Errorf("question %q lacks %q", q, want)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "nothing was removed") || e.Out.Len() != 0 {
		t.Errorf("stdout %q stderr %q", e.Out, e.ErrOut)
	}
	if got := left(t, e); len(got) != 3 {
		t.Fatalf("removed though declined: left %v", got)
	}

	e.Prompts.Answers = map[string]any{"Remove 2 journal entries*": true}
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Out.String(), "Removed 2 journal entries (") {
		t.Errorf("stdout %q", e.Out)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-2" {
		t.Errorf("left %v", got)
	}
}

// Nothing due: nothing to confirm on a terminal.
func TestPruneOnATerminalWithNothingDueDoesNotAsk(t *testing.T) {
	e := unconfirmed(t, true)
	seed(t, e, "", days(3))
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if len(e.Prompts.Asked) != 0 || !strings.HasPrefix(e.Out.String(), "Removed 0 journal entries") {
		t.Errorf("asked %q; stdout %q", e.Prompts.Asked, e.Out)
	}
}

// prune --dry-run is prune's own flag, listed in its help (the global
// --dry-run, about requests, is left out of history's help), and needs
// no --yes.
func TestPruneDryRunFlagNeedsNoYes(t *testing.T) {
	e := unconfirmed(t, false)
	e.F.Globals.DryRun = false
	seed(t, e, "", days(200), days(1))
	cmd := NewCmdPrune(e.F, nil)
	if fl := cmd.Flags().Lookup("dry-run"); fl == nil || !strings.Contains(fl.Usage, "remove nothing") {
		t.Fatalf("no --dry-run of prune's own: %+v", fl)
	}
	if err := prune(e, "--dry-run"); err != nil {
		t.Fatal(err)
	}
	r := decode(t, e.Out.String())
	if r.Removed != 1 || !r.DryRun {
		t.Errorf("%+v", r)
	}
	if !strings.Contains(e.Out.String(), `"newest_removed":"2026-05-14T12:00:00Z"`) {
		t.Errorf("stdout %s", e.Out)
	}
	if got := left(t, e); len(got) != 2 {
		t.Errorf("--dry-run removed: left %v", got)
	}
}
