package api

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A --jq runtime error after an act does not hide that the act went
// through: exit 8, and the error says what was done.
func TestJQFailureAfterActIsExit8(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.Yes, e.F.Globals.JQ = true, `error("boom")`
		err := runAPI(e, "paoding", "report.buy", "-f", "../../../examples/paoding/buy.json", "--set", "orderId=API-JQ")
		if cmdutil.ExitCode(err) != cmdutil.ExitActDoneOutputFailed || !strings.Contains(err.Error(), "bought order API-JQ") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		// A look-up is not an act: its filter failure stays exit 1.
		e.Reset()
		err = runAPI(e, "paoding", "report.get", "--set", "orderId=API-JQ")
		if code := cmdutil.ExitCode(err); code == 0 || code == cmdutil.ExitActDoneOutputFailed {
			t.Fatalf("look-up: exit %d: %v", code, err)
		}
	}
}
