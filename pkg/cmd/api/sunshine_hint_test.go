package api

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// Sunshine's hint for a lost answer is to send the same signed request
// again. It replaced every network failure's hint, including a redirect,
// where the same address cannot help and httpx names the target instead.
func TestSunshineRedirectKeepsItsOwnHint(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "sunshine=status:302"})
	err := run(e, "sunshine", "050")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if j := string(cmdutil.ErrorJSON(err)); strings.Contains(j, "send the same signed request again") {
		t.Errorf("a redirect is told to resend to the same address: %s", j)
	}
}
