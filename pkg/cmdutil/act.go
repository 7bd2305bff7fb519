package cmdutil

import (
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
)

// ExitActDoneOutputFailed is the exit code of a command whose act (a
// purchase, an issuance, a cancellation) went through but whose result
// could not be printed: a --jq or --template runtime error, a closed
// stdout. It is not 2 (something was sent) nor 1: the act must not be
// repeated, and stderr says what it did.
const ExitActDoneOutputFailed = failure.ExitActDoneOutputFailed

// PrintActResult prints the result of an act that went through. done says
// what happened in words ("bought order X"); when printing fails it is
// reported on stderr with the failure, and the error carries exit 8.
func PrintActResult(ios *iostreams.IOStreams, oo output.Options, r output.Result, done string) error {
	// A closed stdout must fail the write, not kill the process by
	// SIGPIPE: the act went through, and exit 8 with what was done on
	// stderr is what a script needs to hear.
	IgnoreSIGPIPE()
	if err := output.Print(ios.Out, oo, r); err != nil {
		return ActOutputError(done, err)
	}
	return nil
}

// ActOutputError is the exit-8 error: the act described by done went
// through, and showing its result failed with err.
func ActOutputError(done string, err error) error {
	return &failure.Error{Kind: failure.ActDoneOutputFailed,
		Message: fmt.Sprintf("%s, but printing the result failed: %v (the act went through: do not repeat it)", done, err), Err: err}
}
