package buy

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// A gateway in front of Paoding that forwards the purchase and then
// answers 429: the order was placed, but the answer says "too many
// requests". The purchase was marked refused, so running it again bought
// the vehicle a second time under a new order id. It now stays in flight:
// the rerun reuses the order id, the platform refuses the repeat (30020)
// and insure shows the order that exists. One purchase in all.
func TestPurchaseAnswered429AfterItWasPlacedIsNotBoughtTwice(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	proxy := e.ViaLossyProxy(t, "paoding")
	proxy.LoseAs.Store(429)
	proxy.LoseOnly = paoding.PathReportBuy
	proxy.Lose.Store(true)
	vin := batchVIN(42)
	err := run(t, e, "--vin", vin, "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 7 || !strings.Contains(err.Error(), "429") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var fe *failure.Error
	if !errors.As(err, &fe) || !strings.Contains(fe.Hint, "reuses order id") {
		t.Errorf("the hint does not say a rerun is safe: %v", err)
	}

	proxy.Lose.Store(false)
	e.Reset()
	if err := run(t, e, "--vin", vin, "--brand-factory", "20"); err != nil {
		t.Fatalf("running it again: %v\n%s", err, e.ErrOut)
	}
	if count(e, paoding.PathReportBuy) != 1 || !strings.Contains(e.Out.String(), "the order exists") {
		t.Fatalf("the rerun did not find the order placed before:\n%s\n%v", e.Out, e.ReceivedPaths())
	}
	// Nothing failed on the rerun's way: the order is said to be an
	// earlier one, not a network failure's.
	if out := e.Out.String(); !strings.Contains(out, `"alreadyPlaced":true`) || strings.Contains(out, "resolvedAfterNetworkFailure") || !strings.Contains(out, "this run bought nothing") {
		t.Errorf("the rerun's result does not say the order was placed earlier:\n%s", out)
	}
}
