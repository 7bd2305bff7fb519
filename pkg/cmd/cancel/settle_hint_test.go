package cancel

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A cancellation eBao carried out but whose answer a gateway replaced by
// a 502 has an unknown outcome, and its hint is one whole command, with
// this run's -p and flags, that settles it when pasted as it is: eBao
// refuses the repeat as not effective (exit 4) and nothing more is
// cancelled. The hint said "again with the same `insure -p staging
// cancel`", which, followed, was a usage error (no policy number).
func TestUnknownCancellationHintIsOneCommandThatSettlesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := e.ViaLossyProxy(t, "ebao")
	e.F.Globals.Yes = true
	p := issuedPolicy(t, e)

	proxy.Lose.Store(true)
	err := run(e, "--provider", "ebao", p, "--type", "APLY_BY_INSURER", "--date", "2027-02-01")
	fe := &failure.Error{}
	if cmdutil.ExitCode(err) != 5 || !errors.As(err, &fe) || !fe.Unknown {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	want := "`insure -p staging cancel --provider ebao " + p + " --type APLY_BY_INSURER --date 2027-02-01 --yes`"
	if !strings.Contains(fe.Hint, want) {
		t.Fatalf("hint does not name %s: %q", want, fe.Hint)
	}

	proxy.Lose.Store(false)
	e.Reset()
	words := strings.Fields(strings.Trim(want, "`"))
	// After "insure -p staging cancel", as pasted; --yes is the root's
	// flag, set above.
	err = run(e, words[4:len(words)-1]...)
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier cancellation of policy "+p) {
		t.Fatalf("following the hint: exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, fe.Hint)
	}
	if !strings.Contains(fe.Message, "not effective") {
		t.Fatalf("the repeat was not refused as already cancelled: %v", err)
	}
}
