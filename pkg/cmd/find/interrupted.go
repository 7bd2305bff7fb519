package find

import (
	"strings"
	"syscall"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/store"
)

// A request cut short by Ctrl-C, SIGTERM or a closed terminal is recorded
// as any lost answer: outcome unknown (failed when nothing was sent),
// exit class 5. The command exited 130, 143 or 129, so "exit 5" told
// support the wrong code. The journal keeps no signal of its own; the
// cancellation's cause is in the row's error, as cmdutil.Interrupted
// words it ("cancelled: interrupted (SIGINT, Ctrl-C)"), and find reads
// the signal from there.
var interruptSignals = []struct {
	name string
	sig  syscall.Signal
}{{"SIGINT", syscall.SIGINT}, {"SIGTERM", syscall.SIGTERM}, {"SIGHUP", syscall.SIGHUP}}

// interruptedBy names the signal that cut s short, or "". A step settled
// later is told by its settled outcome.
func interruptedBy(s Step) string {
	if s.Outcome == store.OutcomeOK || s.Settled != nil || s.Error == "" {
		return ""
	}
	for _, is := range interruptSignals {
		if strings.Contains(s.Error, (&cmdutil.Interrupted{Signal: is.sig}).Error()) {
			return is.name
		}
	}
	return ""
}

// interruption says how an interrupted step ended, for the state line
// ("interrupted (SIGINT, Ctrl-C)") and for its table cell ("interrupted").
func interruption(s Step) (long, short string) {
	for _, is := range interruptSignals {
		if is.name == s.Interrupted {
			long = (&cmdutil.Interrupted{Signal: is.sig}).What()
			short, _, _ = strings.Cut(long, " (")
			return long, short
		}
	}
	return "", ""
}
