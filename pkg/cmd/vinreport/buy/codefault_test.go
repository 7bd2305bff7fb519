package buy

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
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
