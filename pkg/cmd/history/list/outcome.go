package list

import (
	"fmt"
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

// connectFailed is the message the transport records for a request whose
// connection was never made (httpx: the row's verdict when no byte was
// written), as find reads it.
const connectFailed = "could not connect, nothing was sent"

// outcomeCell is e's outcome as find words it: "failed 4", "unknown 143,
// interrupted (SIGTERM)", "ok (re-run)", "failed 5 (not sent)", "ok
// (doctor's probe)".
func outcomeCell(e *store.JournalEntry) string {
	out := e.Outcome
	if in, ok := historyshared.Interrupted(e.Interrupted, e.Settled != nil); ok {
		out = in.Cell(e.Outcome)
	} else if e.Outcome != store.OutcomeOK {
		out = fmt.Sprintf("%s %d", e.Outcome, e.ExitClass)
	}
	switch {
	case e.Settled != nil && e.Settled.By != "":
		out += " (" + e.Settled.By + ")"
	case e.Outcome == store.OutcomeFailed && e.ExitClass == 5 && strings.HasPrefix(e.Message, connectFailed):
		out += " (not sent)"
	}
	if historyshared.Probe(e.Keys) {
		// doctor's check, not a customer's request: its eBao quote has
		// the example's plate and holder.
		out += historyshared.ProbeNote
	}
	return out
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
