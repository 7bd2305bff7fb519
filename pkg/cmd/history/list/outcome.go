package list

import (
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/store"
)

// A terminal's outcome column reads as find's (docs/support.md): the exit
// class beside a step that did not go through ("failed 4"), how an act in
// doubt was settled ("ok (re-run)"), and "(not sent)" for a request whose
// connection was never made. A bare "failed" beside find's "failed 5 (not
// sent)" for the same row read as two different answers. A pipe's table
// keeps the outcome --status takes, for scripts; JSON keeps its fields.

// outcomeCell is e's outcome as find words it: "failed 4", "unknown 143,
// interrupted (SIGTERM)", "ok (re-run)", "failed 5 (not sent)", "ok
// (doctor's probe)".
func outcomeCell(e *store.JournalEntry) string {
	in, interrupted := historyshared.Interrupted(e.Interrupted, e.Settled != nil)
	by := ""
	if e.Settled != nil {
		by = e.Settled.By
	}
	return historyshared.OutcomeCell(e.Outcome, e.ExitClass, in, interrupted, by,
		historyshared.NotSent(e.Outcome, e.ExitClass, e.Message), historyshared.Probe(e.Keys))
}

// outcomeBase is an outcome cell without what follows its outcome and
// exit: "failed 5" of "failed 5 (not sent)", "unknown 130" of "unknown
// 130, interrupted (SIGINT)". A narrow terminal takes it rather than cut
// a row's number (fitTerminal); history show and JSON keep the rest.
func outcomeBase(cell string) string {
	if i := strings.IndexAny(cell, ",("); i > 0 {
		return strings.TrimSpace(cell[:i])
	}
	return cell
}
