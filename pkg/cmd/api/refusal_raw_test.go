package api

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// -o raw prints the provider's bytes also when the answer is a refusal
// (a Paoding code, an eBao error status, a Bihu 206), as it does for
// Sunshine; the exit code stays the refusal's (4). Other formats print
// only the error.
func TestRefusedAnswerIsShownWithRaw(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"paoding", "report.get", "--set", "orderId=NO-SUCH-ORDER"}, `"code": "30080"`},
		{[]string{"ebao", "cancellation", "-f", examplesDir + "ebao/cancel.json"}, `"status":400`},
		{[]string{"bihu", "renewal", "--set", "LicenseNo=京A12345", "--set", "CityCode=1"}, `"code":206`},
	} {
		for _, format := range []string{"raw", "json"} {
			e := cmdtest.New(t, cmdtest.Options{})
			e.F.Globals.Output, e.F.Globals.Yes = format, true
			err := run(e, c.args...)
			if cmdutil.ExitCode(err) != 4 {
				t.Errorf("%v -o %s: exit %d: %v", c.args, format, cmdutil.ExitCode(err), err)
			}
			shown := strings.Contains(e.Out.String(), c.want)
			if format == "raw" && !shown {
				t.Errorf("%v -o raw: stdout %q lacks the answer %s", c.args, e.Out, c.want)
			}
			if format == "json" && e.Out.Len() != 0 {
				t.Errorf("%v -o json: stdout %q besides the error", c.args, e.Out)
			}
		}
	}
}
