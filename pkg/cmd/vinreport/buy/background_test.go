package buy

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/paoding"
)

// A purchase started as a background job of a terminal (cmd &) cannot be
// asked to confirm: reading the terminal stopped the job (SIGTTIN, "[1]+
// Stopped") with the question unseen. It is refused as in a script, exit
// 2, nothing sent.
func TestPurchaseInTheBackgroundDoesNotPrompt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetInBackground(true)
	err := run(t, e, "--vin", batchVIN(9), "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if count(e, paoding.PathReportBuy) != 0 {
		t.Fatalf("bought: %v", e.ReceivedPaths())
	}
}
