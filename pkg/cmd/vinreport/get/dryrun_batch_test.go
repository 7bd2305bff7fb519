package get

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// With no token cached, each line of `get --batch --curl` shows the login
// and then the line's own look-up, as the single command prints them.
func TestBatchCurlShowsLoginThenLookUp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Curl = true
	e.In.WriteString("order_id\nCURL-1\nCURL-2\n")
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--input-format", "csv"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	type line struct {
		Result struct {
			DryRun  bool   `json:"dry_run"`
			Request string `json:"request"`
		}
	}
	lines := cmdtest.JSONLines[line](t, e.Out.String())
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), e.Out)
	}
	for i, l := range lines {
		rq := l.Result.Request
		login := strings.Index(rq, "/4s/token/generate'")
		get := strings.Index(rq, "/4s/report/get?orderId=CURL-"+string(rune('1'+i)))
		if !l.Result.DryRun || login < 0 || get < login || strings.Count(rq, "curl ") != 2 {
			t.Errorf("line %d shows\n%s", i+1, rq)
		}
	}
	if n := len(e.ReceivedPaths()); n != 0 {
		t.Errorf("%d requests reached the sandbox", n)
	}
}
