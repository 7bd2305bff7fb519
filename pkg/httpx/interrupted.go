package httpx

import (
	"context"

	"github.com/insurekit/insure/pkg/failure"
)

// interruptedBy names the signal whose interruption cancelled ctx
// (SIGINT, SIGTERM, SIGHUP), or "". The journal records it
// (Entry.Interrupted): a request cut short is journalled with the class
// of a lost answer, 5, while the command exited 130, 143 or 129, and
// reading the signal back out of the row's error text broke whenever
// that text changed.
//
// The cause is cmdutil.Interrupted, which httpx cannot import (cmdutil
// builds the HTTP client): failure.SignalOf reads it by its exit code.
func interruptedBy(ctx context.Context) string {
	return failure.SignalOf(context.Cause(ctx))
}
