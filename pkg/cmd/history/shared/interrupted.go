package shared

import (
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
)

// A request cut short by Ctrl-C, SIGTERM or a closed terminal is
// journalled as any lost answer: outcome unknown (failed when nothing was
// sent), exit class 5. The command itself exited 130, 143 or 129, so
// "exit 5" told support the wrong code. The row names the signal
// (store.JournalEntry.Interrupted); history show, history list and find
// word it here, alike.

// Interruption is how a row cut short by a signal reads: Words,
// "interrupted (SIGTERM)", and Exit, the code the command exited with
// (143), which the row's exit class is not.
type Interruption struct {
	Words string
	Exit  int
}

// Interrupted words the row's signal (SIGINT, SIGTERM, SIGHUP); ok is
// false for a row no signal cut short, and for one settled since, whose
// settled outcome is what it says (JSON still carries the signal).
func Interrupted(signal string, settled bool) (in Interruption, ok bool) {
	if signal == "" || settled {
		return in, false
	}
	exit := 0
	switch signal {
	case "SIGINT":
		exit = failure.ExitInterrupted
	case "SIGTERM":
		exit = failure.ExitTerminated
	case "SIGHUP":
		exit = failure.ExitHangUp
	}
	return Interruption{Words: "interrupted (" + signal + ")", Exit: exit}, true
}

// Outcome is a row's outcome with how it ended, as history show and the
// state line of find give it: "unknown, interrupted (SIGTERM), exit 143".
func (in Interruption) Outcome(outcome string) string {
	if in.Exit == 0 {
		return outcome + ", " + in.Words
	}
	return fmt.Sprintf("%s, %s, exit %d", outcome, in.Words, in.Exit)
}

// Cell is the shorter form for a table's outcome column, after find's
// "failed 4": "unknown 143, interrupted (SIGTERM)".
func (in Interruption) Cell(outcome string) string {
	if in.Exit == 0 {
		return outcome + ", " + in.Words
	}
	return fmt.Sprintf("%s %d, %s", outcome, in.Exit, in.Words)
}
