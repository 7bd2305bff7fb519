package buy

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/providers/builtin"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// The sandbox's fault injection answers paoding's documented business codes
// (code:CODE), and the command maps each to its documented kind: 30010
// (balance too low) and 10099 (other error) are both refusals, exit 4, with
// the provider's code in the JSON error.
func TestBuyAnsweredABusinessCodeFault(t *testing.T) {
	for _, tc := range []struct {
		code, words string
	}{
		{"30010", "balance"},
		{"10099", "another reason"},
	} {
		e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=code:" + tc.code})
		e.F.Globals.Yes = true
		err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "CODE-"+tc.code)
		if cmdutil.ExitCode(err) != failure.Refused.ExitCode() || cmdutil.ExitCode(err) != 4 {
			t.Fatalf("code %s: exit %d: %v", tc.code, cmdutil.ExitCode(err), err)
		}
		if !strings.Contains(err.Error(), tc.words) || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"`+tc.code+`"`) {
			t.Errorf("code %s: %v / %s", tc.code, err, cmdutil.ErrorJSON(err))
		}
		if got := e.ReceivedPaths(); len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "/4s/report/buy") {
			t.Errorf("code %s: sent %v", tc.code, got)
		}
		// The fault answered instead of the fake: no order exists.
		if o, err := paodingsb.LookupOrder(t.Context(), e.Sandbox.State(), "CODE-"+tc.code); err != nil || o != nil {
			t.Errorf("code %s: the order was placed (%v)", tc.code, err)
		}
	}
}

// A code the provider does not document, or a provider whose fake has no
// business codes, is refused when the sandbox starts.
func TestCodeFaultsAreCheckedAtStart(t *testing.T) {
	for spec, want := range map[string]string{
		"paoding=code:12345":   "no business code",
		"paoding=code:10000":   "success",
		"bihu=code:206":        "no business codes",
		"paoding=code:":        "needs the provider's business code",
		"paoding=code:30010,x": "want PROVIDER",
	} {
		faults, err := sandbox.ParseFaults(spec)
		if err == nil {
			_, err = sandbox.New(sandbox.Options{Registry: builtin.Registry(), Faults: faults})
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", spec, err)
		}
	}
}

// 10099 ("other error") on a purchase does not say whether the order was
// taken before the platform failed: the ledger keeps the purchase in
// flight, so a rerun reuses the order id (the platform's 30020 then stands
// between it and a second report) instead of buying under a new one.
func TestBuyOtherErrorKeepsOrderIDForRerun(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=code:10099"})
	e.F.Globals.Yes = true
	err := run(t, e, "--vin", vin, "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	rec, gerr := e.Store.GetRecord(t.Context(), config.SandboxProfile, "paoding", "purchase", "vin:"+vin+":20")
	if gerr != nil || !strings.Contains(string(rec.Body), `"in-flight"`) {
		t.Fatalf("ledger: %s (%v)", rec.Body, gerr)
	}
	var p struct{ OrderID string }
	_ = json.Unmarshal(rec.Body, &p)
	if doc := string(cmdutil.ErrorJSON(err)); p.OrderID == "" || !strings.Contains(doc, "vin-report get "+p.OrderID) {
		t.Errorf("the error does not name order %q: %s", p.OrderID, doc)
	}
	e.Reset()
	_ = run(t, e, "--vin", vin, "--brand-factory", "20")
	if !strings.Contains(e.ErrOut.String(), "reusing its order id") {
		t.Errorf("the rerun did not reuse order %s: %q", p.OrderID, e.ErrOut.String())
	}
}

// An answer spoilt after the order was placed (cut short, so unreadable),
// with the look-up failing too: the outcome is unknown, exit 5, naming
// the order and the command that checks it.
func TestSpoiltBuyAnswerUnresolvedIsExit5(t *testing.T) {
	for _, kind := range []string{"truncate", "html"} {
		e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=body:" + kind + ",paoding:/4s/report/get=status:503"})
		e.F.Globals.Yes, e.F.Globals.Timeout = true, time.Second
		err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "SPOILT-1")
		doc := string(cmdutil.ErrorJSON(err))
		if cmdutil.ExitCode(err) != 5 || !strings.Contains(doc, `"outcome_unknown":true`) || !strings.Contains(doc, "vin-report get SPOILT-1") {
			t.Errorf("%s: exit %d: %s", kind, cmdutil.ExitCode(err), doc)
		}
		if o, _ := paodingsb.LookupOrder(t.Context(), e.Sandbox.State(), "SPOILT-1"); o == nil {
			t.Errorf("%s: the fault did not place the order", kind)
		}
	}
}
