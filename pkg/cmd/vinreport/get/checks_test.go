package get

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/paoding"
)

// A finished report whose check fields are all absent said "no abnormal
// checks" in green: nothing reported is not a clean car.
func TestChecksNotReportedAreNotCalledClean(t *testing.T) {
	for _, tc := range []struct{ data, want, not string }{
		{`{"status":2,"orderId":"O-1"}`, "no check was reported", "no abnormal checks"},
		{`{"status":2,"orderId":"O-1","kilometerIsNormal":"1"}`, "no abnormal checks among the 1 reported", "no check was reported"},
	} {
		var r paoding.Report
		if err := json.Unmarshal([]byte(tc.data), &r); err != nil {
			t.Fatal(err)
		}
		ios, _, _, _ := iostreams.Test()
		var b strings.Builder
		if err := Render(&b, ios.ColorScheme(), &r); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("%s: want %q, not %q:\n%s", tc.data, tc.want, tc.not, out)
		}
	}
}
