package buy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// With no token cached, a batch dry run's line shows what the single
// command prints: the login it would start with, then the line's own
// purchase (with the stand-in token), not the login alone. Nothing
// reaches the platform.
func TestBatchDryRunShowsLoginThenPurchase(t *testing.T) {
	for _, curl := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.Yes = true
		e.F.Globals.DryRun, e.F.Globals.Curl = !curl, curl
		file := writeFile(t, "dry.csv", "vin,brand_factory\n"+batchVIN(1)+",20\n"+batchVIN(2)+",20\n")
		if err := runCtx(t.Context(), e, "--batch", file); cmdutil.ExitCode(err) != 0 {
			t.Fatalf("curl %v: exit %d: %v", curl, cmdutil.ExitCode(err), err)
		}
		lines := parseLines(t, e.Out.String())
		if len(lines) != 2 {
			t.Fatalf("curl %v: %d lines:\n%s", curl, len(lines), e.Out)
		}
		for i, l := range lines {
			var res struct {
				DryRun  bool   `json:"dry_run"`
				Request string `json:"request"`
			}
			if err := json.Unmarshal(l.Result, &res); err != nil || !res.DryRun {
				t.Fatalf("line %d result %s: %v", l.Line, l.Result, err)
			}
			login := strings.Index(res.Request, "/4s/token/generate")
			purchase := strings.Index(res.Request, "/4s/report/buy")
			if login < 0 || purchase < login || !strings.Contains(res.Request[login:], batchVIN(i+1)) {
				t.Errorf("curl %v: line %d shows\n%s", curl, l.Line, res.Request)
			}
		}
		if n := len(e.ReceivedPaths()); n != 0 {
			t.Errorf("curl %v: %d requests reached the sandbox", curl, n)
		}
	}
}
