package shared

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/store"
)

// ConnectFailed is the message the transport records for a request whose
// connection was never made (httpx: the row's verdict when no byte was
// written).
const ConnectFailed = "could not connect, nothing was sent"

// NotSent says whether a row's request never left the machine: a failed
// exit-5 row whose message is the transport's for a connection never made.
func NotSent(outcome string, exitClass int, message string) bool {
	return outcome == store.OutcomeFailed && exitClass == 5 && strings.HasPrefix(message, ConnectFailed)
}

// OutcomeCell is a step's outcome as find and history list word it on a
// terminal: with its exit class when it did not go through ("failed 4"),
// or the command's exit and what cut it short ("unknown 143, interrupted
// (SIGTERM)", in, when ok), how it was settled ("ok (re-run)") or else
// "(not sent)", and doctor's probes marked.
func OutcomeCell(outcome string, exitClass int, in Interruption, interrupted bool, settledBy string, notSent, probe bool) string {
	out := outcome
	if interrupted {
		out = in.Cell(outcome)
	} else if outcome != store.OutcomeOK {
		out = fmt.Sprintf("%s %d", outcome, exitClass)
	}
	if settledBy != "" {
		out += " (" + settledBy + ")"
	} else if notSent {
		out += " (not sent)"
	}
	if probe {
		out += ProbeNote
	}
	return out
}

// WithoutColumn drops column i from the header and every row: what gives
// way first on a narrow terminal, in find's and history list's tables.
func WithoutColumn(header []string, rows [][]string, i int) ([]string, [][]string) {
	drop := func(cells []string) []string {
		return append(append([]string(nil), cells[:i]...), cells[i+1:]...)
	}
	out := make([][]string, len(rows))
	for j, r := range rows {
		out[j] = drop(r)
	}
	return drop(header), out
}
