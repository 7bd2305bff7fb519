package cancel

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A cancellation answer whose signature does not verify leaves the
// outcome unknown; its hint says what went wrong and then, once, how to
// settle it with this run's command (it used to give the settle advice
// twice, the client's after the command's).
func TestUntrustedCancellationHintGivesTheSettleAdviceOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/endorsement/cancellation=tamper"})
	e.F.Globals.Yes = true
	p := issuedPolicy(t, e)
	err := run(e, "--provider", "ebao", p)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 6 || !errors.As(err, &fe) || !fe.Unknown {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if n := strings.Count(fe.Hint, "to settle it"); n != 1 || !strings.Contains(fe.Hint, "may have been altered") ||
		!strings.Contains(fe.Hint, "`insure -p sandbox cancel --provider ebao "+p+" --yes`") {
		t.Errorf("advice given %d times: %q", n, fe.Hint)
	}
}
