package batchcmd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/get"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A dry run sends nothing, so neither --rate nor a provider's daily quota
// may hold its lines back: a dry run of Paoding look-ups stalled for
// hours once the quota's bucket (20000) was spent, one line every 4.3 s,
// and --rate 1/h held every line after the first for an hour.
func TestDryRunBatchIsNotRateLimited(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	e.In.WriteString("order_id\nDRY-1\nDRY-2\nDRY-3\n")
	cmd := get.NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--rate", "1/h"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err := cmd.ExecuteContext(ctx)
	if took := time.Since(start); took > 5*time.Second || cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d (%v) after %s: a dry run waited on the rate limit\nstderr: %s", cmdutil.ExitCode(err), err, took, e.ErrOut)
	}
	type line struct {
		Outcome string
		Result  struct {
			DryRun bool `json:"dry_run"`
		}
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 3 {
		t.Fatalf("%d lines, want 3: %q", len(got), e.Out)
	}
	for i, l := range got {
		if l.Outcome != "ok" || !l.Result.DryRun {
			t.Errorf("line %d: %+v", i+2, l)
		}
	}
	if n := len(e.Received()); n != 0 {
		t.Errorf("a dry run sent %d requests", n)
	}
	if !strings.Contains(e.ErrOut.String(), "3 lines") {
		t.Errorf("summary: %q", e.ErrOut)
	}
}
