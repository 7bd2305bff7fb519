package get

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A finished order without a report is not a success: status 3 (query
// failed) and 4 (no record) are exit 4, with the order and what it means.
func TestFailedAndNoRecordReportsAreExit4(t *testing.T) {
	for _, tc := range []struct {
		vin, status, words string
	}{
		{"LSVAU2180N2183299", "3", "query failed"}, // the sandbox: last character 9
		{"LSVAU2180N2183290", "4", "no record"},    // last character 0
	} {
		for _, tty := range []bool{false, true} {
			c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Now: c.Now})
			buyOrder(t, e, tc.vin, "OUT-"+tc.status)
			c.Add(5 * time.Second)
			err := runGet(e, "OUT-"+tc.status)
			if cmdutil.ExitCode(err) != 4 {
				t.Fatalf("status %s (tty %v): exit %d: %v", tc.status, tty, cmdutil.ExitCode(err), err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "OUT-"+tc.status) || !strings.Contains(msg, "status "+tc.status) || !strings.Contains(msg, tc.words) {
				t.Errorf("message %q", msg)
			}
			if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, `"status:`+tc.status+`"`) {
				t.Errorf("JSON error %s", j)
			}
			if tty && !strings.Contains(e.Out.String(), "status:") {
				t.Errorf("the terminal does not show the report:\n%s", e.Out.String())
			}
		}
	}
}
