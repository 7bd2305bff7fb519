package batch

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
)

// interruptedBy is " by SIGTERM" for the signal that stopped the batch
// (cause, its context's), or "" when the cause names none.
func interruptedBy(cause error) string {
	if sig := failure.SignalOf(cause); sig != "" {
		return " by " + sig
	}
	return ""
}

// cutShort says in l's message that its request was still in flight when
// the grace period after a signal ended, and was cancelled then: err, the
// line's error, is that cancellation. Its outcome and exit code stay how
// the request ended (network, 5; an act's unknown), as the journal row's
// exit class does; only the message said nothing of the signal, and read
// as a network failure.
func (e *engine) cutShort(l *Line, err error) {
	if e.runCtx.Err() == nil || !errors.Is(err, context.Canceled) {
		return
	}
	l.Message += fmt.Sprintf("; the batch was interrupted%s and this line was still in flight when the grace period (--timeout) ended",
		interruptedBy(context.Cause(e.runCtx)))
}
