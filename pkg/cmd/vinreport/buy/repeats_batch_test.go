package buy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// ordersOf are the sandbox's orders for vin, by order id.
func ordersOf(t *testing.T, e *cmdtest.Env, vin string) map[string]*paodingsb.Order {
	t.Helper()
	orders, err := paodingsb.Orders(t.Context(), e.Sandbox.State())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*paodingsb.Order{}
	for id, o := range orders {
		if o.VIN == vin {
			out[id] = o
		}
	}
	return out
}

// A purchase line given twice, run once (the copy refused as a repeat),
// then with --resume: every copy found the first's record by the line's
// hash and was "skipped", exit 0, hiding the repeat. Only the first copy
// takes the earlier run's record; the others are refused as without
// --resume, at any concurrency, and nothing is sent.
func TestResumeRefusesTheRepeatOfALineAnEarlierRunBought(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	v := batchVIN(700)
	file := writeFile(t, "twice.csv", "vin,brand_factory\n"+v+",20\n"+v+",20\n")
	if err := runCtx(t.Context(), e, "--batch", file); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("first run: exit %d, want 2:\n%s", cmdutil.ExitCode(err), e.Out)
	}
	for _, conc := range []string{"1", "8", "8"} {
		e.Reset()
		err := runCtx(t.Context(), e, "--batch", file, "--resume", "--concurrency", conc)
		got := parseLines(t, e.Out.String())
		if cmdutil.ExitCode(err) != 2 || len(got) != 2 || got[0].Outcome != "skipped" || got[1].Outcome != "usage" ||
			!strings.Contains(got[1].Message, "line 3 repeats the purchase of line 2 of this input") {
			t.Fatalf("--resume --concurrency %s: exit %d, want line 2 skipped and line 3 refused as its repeat:\n%s",
				conc, cmdutil.ExitCode(err), e.Out)
		}
		if n := count(e, "/4s/report/buy"); n != 0 {
			t.Fatalf("--resume sent %d purchases", n)
		}
	}
	if o := ordersOf(t, e, v); len(o) != 1 {
		t.Fatalf("the sandbox holds %d orders for %s, want 1: %v", len(o), v, o)
	}
}

// A line that failed validation (the engine number factory 30 needs)
// sent nothing, yet kept the vehicle: its corrected copy was refused as
// "repeats the purchase of line 2". It is bought, at any concurrency.
func TestCorrectedCopyOfALineThatSentNothingIsBought(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	for i, conc := range []string{"1", "8", "8", "8"} {
		e.Reset()
		v := batchVIN(710 + i)
		file := writeFile(t, fmt.Sprintf("fix%d.csv", i), "vin,brand_factory,engine\n"+v+",30,\n"+v+",30,ENG123\n")
		err := runCtx(t.Context(), e, "--batch", file, "--concurrency", conc)
		got := parseLines(t, e.Out.String())
		if cmdutil.ExitCode(err) != 2 || len(got) != 2 || got[0].Outcome != "usage" || !strings.Contains(got[0].Message, "engineNum") ||
			got[1].Outcome != "ok" {
			t.Fatalf("--concurrency %s: exit %d, want line 2 refused for its engine number and line 3 bought:\n%s", conc, cmdutil.ExitCode(err), e.Out)
		}
		orders := ordersOf(t, e, v)
		o := orders[got[1].Input["order_id"]]
		if len(orders) != 1 || o == nil || o.EngineNum != "ENG123" || o.BrandFactoryID != 30 {
			t.Fatalf("sandbox orders for %s: %+v, want line 3's only", v, orders)
		}
	}
}

// A line the platform refused without buying (30020: its order id is
// another vehicle's) left its mark on the vehicle: the next line buying
// that vehicle with an order id of its own was refused as its repeat.
// It is judged on its own and bought.
func TestLineAfterARefusalThatBoughtNothingIsJudgedOnItsOwn(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	other, v := batchVIN(720), batchVIN(721)
	if err := run(t, e, "--vin", other, "--brand-factory", "20", "--order-id", "USED-1"); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	file := writeFile(t, "used.csv", "vin,brand_factory,order_id\n"+v+",20,USED-1\n"+v+",20,OWN-1\n")
	err := runCtx(t.Context(), e, "--batch", file, "--concurrency", "8")
	got := parseLines(t, e.Out.String())
	if cmdutil.ExitCode(err) != 4 || len(got) != 2 || got[0].Outcome != "refused" || got[0].Code != "30020" || got[1].Outcome != "ok" {
		t.Fatalf("exit %d, want line 2 refused (30020) and line 3 bought:\n%s", cmdutil.ExitCode(err), e.Out)
	}
	if o := ordersOf(t, e, v); len(o) != 1 || o["OWN-1"] == nil {
		t.Fatalf("sandbox orders for %s: %+v, want OWN-1 only", v, o)
	}
	if o := ordersOf(t, e, other); len(o) != 1 || o["USED-1"] == nil {
		t.Fatalf("sandbox orders for %s: %+v, want USED-1 untouched", other, o)
	}
}

// Two lines giving one order id for two vehicles: which was bought, and
// which refused (30020, exit 4), depended on which reached the platform
// first. The later line is refused as repeating the earlier's order id,
// before anything is sent for it, every time.
func TestOrderIDGivenTwiceInOneInputIsRefusedOnTheLaterLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=delay:30ms"})
	e.F.Globals.Yes = true
	for i := range 6 {
		e.Reset()
		first, second, id := batchVIN(730+2*i), batchVIN(731+2*i), fmt.Sprintf("SHARED-%d", i)
		fmt.Fprintf(e.In, "vin,brand_factory,order_id\n%s,20,%s\n%s,20,%s\n", first, id, second, id)
		err := runCtx(t.Context(), e, "--batch", "-", "--concurrency", "8")
		got := parseLines(t, e.Out.String())
		if cmdutil.ExitCode(err) != 2 || len(got) != 2 || got[0].Outcome != "ok" || got[1].Outcome != "usage" || got[1].ExitCode != 2 ||
			!strings.Contains(got[1].Message, "line 3 repeats the order id "+id+" of line 2 of this input") {
			t.Fatalf("run %d: exit %d, want line 2 bought and line 3 refused for its order id:\n%s", i, cmdutil.ExitCode(err), e.Out)
		}
		if n := count(e, "/4s/report/buy"); n != 1 {
			t.Fatalf("run %d: %d purchases sent, want 1", i, n)
		}
		if o := ordersOf(t, e, first); o[id] == nil {
			t.Fatalf("run %d: the sandbox's order %s is not line 2's vehicle: %+v", i, id, o)
		}
		if o := ordersOf(t, e, second); len(o) != 0 {
			t.Fatalf("run %d: line 3's vehicle was bought: %+v", i, o)
		}
	}
}
