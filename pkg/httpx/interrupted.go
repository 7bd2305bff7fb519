package httpx

import (
	"context"
	"errors"

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
// builds the HTTP client). Its ExitCode is the signal's (128 + its
// number, failure.ExitInterrupted and the others): no other cause
// carries one of those codes.
func interruptedBy(ctx context.Context) string {
	var coded interface{ ExitCode() int }
	if !errors.As(context.Cause(ctx), &coded) {
		return ""
	}
	switch coded.ExitCode() {
	case failure.ExitInterrupted:
		return "SIGINT"
	case failure.ExitTerminated:
		return "SIGTERM"
	case failure.ExitHangUp:
		return "SIGHUP"
	}
	return ""
}
