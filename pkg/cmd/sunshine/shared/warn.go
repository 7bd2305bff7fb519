package shared

import (
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/sunshine"
)

// IsPartialIssue says err is an issue the platform answered as done but
// without a policy number for some sub-order (sunshine.ErrPolicyMissing):
// the result is worth printing, followed by WarnPartialIssue.
func IsPartialIssue(err error) bool { return errors.Is(err, sunshine.ErrPolicyMissing) }

// WarnPartialIssue writes err as a warning on stderr, after the result
// was printed on stdout, and returns it marked as reported: the exit code
// (6: the answer does not account for every policy asked for) remains,
// without a second document (the JSON error) on stdout.
func WarnPartialIssue(ios *iostreams.IOStreams, err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return err
	}
	cs := ios.ErrColorScheme()
	// The numbers come from the platform's answer: no terminal controls.
	clean := func(s string) string { return iostreams.Sanitize(httpx.MaskKnown(s)) }
	fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Yellow("warning:"), clean(fe.Error()))
	if fe.Unknown {
		fmt.Fprintf(ios.ErrOut, "%s the outcome of that policy is unknown: check before paying or issuing again.\n", cs.Yellow("warning:"))
	}
	if fe.Hint != "" {
		fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Bold("hint:"), clean(fe.Hint))
	}
	fe.Reported = true
	return err
}
