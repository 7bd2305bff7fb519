package buy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/factories"
	"github.com/insurekit/insure/providers/paoding"
)

// A purchase looks up its brand factory's engine-number rule when the
// factory is not cached, and caches it. Before the fix that also stored the
// factory's time as the list's newest, so the first `vin-report factories`
// after it asked only for changes since then: on a fresh store, buying with
// factory 61 made the listing show 61 and 71 of the thirteen, for good.
func TestBuyWithAnUncachedFactoryLeavesTheListingWhole(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	if err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "61", "--order-id", "CACHE-1"); err != nil {
		t.Fatal(err)
	}
	e.Out.Reset()
	e.ErrOut.Reset()
	list := factories.NewCmdFactories(e.F, nil)
	list.SetArgs(nil)
	list.SetOut(e.Out)
	list.SetErr(e.ErrOut)
	if err := list.Execute(); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID int `json:"brandFactoryId"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
		t.Fatalf("stdout is not a JSON list: %q", e.Out.String())
	}
	if len(got) != 13 {
		t.Errorf("the listing after a purchase shows %d factories (%v), want all 13", len(got), got)
	}
}

// A batch whose brand factory is not cached: every line in flight before
// the first answer looked the factory up itself (8 look-ups for 16 lines
// at --concurrency 8), each spending the day's brandFactory.get quota.
// One look-up serves them all, as one token does.
func TestBatchLooksAnUncachedFactoryUpOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	var b strings.Builder
	b.WriteString("vin,brand_factory,order_id\n")
	for i := range 16 {
		fmt.Fprintf(&b, "%s,61,ONCE-%d\n", batchVIN(100+i), i)
	}
	if err := runCtx(t.Context(), e, "--batch", writeFile(t, "cars.csv", b.String()), "--concurrency", "8"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if n := count(e, paoding.PathBrandFactoryGet); n != 1 {
		t.Errorf("%d brand factory look-ups for one batch, want 1: %v", n, e.ReceivedPaths())
	}
	if got := len(sandboxOrders(t, e)); got != 16 {
		t.Errorf("sandbox holds %d orders, want 16", got)
	}
}
