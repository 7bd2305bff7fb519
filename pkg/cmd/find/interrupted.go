package find

import (
	"strings"
	"syscall"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/store"
)

// A request cut short by Ctrl-C, SIGTERM or a closed terminal is recorded
// as any lost answer: outcome unknown (failed when nothing was sent),
// exit class 5, and the row names the signal (store.JournalEntry.
// Interrupted). The command exited 130, 143 or 129, so the story says
// that, in history's words (historyshared.Interrupted).

// oldInterruptSignals are the signals a row recorded before the journal
// named them is read for.
var oldInterruptSignals = []struct {
	name string
	sig  syscall.Signal
}{{"SIGINT", syscall.SIGINT}, {"SIGTERM", syscall.SIGTERM}, {"SIGHUP", syscall.SIGHUP}}

// interruptedBy names the signal that cut e's request short, or "". A row
// recorded before the journal had the column is read by its error, where
// the cancellation's cause is as cmdutil.Interrupted words it
// ("cancelled: interrupted (SIGINT, Ctrl-C)").
func interruptedBy(e store.JournalEntry) string {
	if e.Interrupted != "" || e.Error == "" {
		return e.Interrupted
	}
	for _, is := range oldInterruptSignals {
		if strings.Contains(e.Error, (&cmdutil.Interrupted{Signal: is.sig}).Error()) {
			return is.name
		}
	}
	return ""
}

// interruption is how an interrupted step ended; ok is false for a step
// no signal cut short, or one settled since (its settled outcome speaks).
func interruption(s Step) (historyshared.Interruption, bool) {
	return historyshared.Interrupted(s.Interrupted, s.Settled != nil || s.Outcome == store.OutcomeOK)
}
