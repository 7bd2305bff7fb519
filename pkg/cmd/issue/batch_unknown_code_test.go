package issue

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

// An issuance an earlier run left unknown because its answer did not
// verify (exit 6) keeps exit 6 on --resume; it used to turn into 5, as
// if the answer had been lost, so one line changed its code between runs.
func TestBatchResumeKeepsTheEarlierRunsCodeOfAnUnknownIssuance(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.Yes = true
		line := compactIssue(t, "Q2611230000000001")
		if err := e.Store.PutBatchLine(t.Context(), "issue", config.SandboxProfile, batch.Hash([]byte(line)),
			store.BatchLine{Line: 1, Outcome: "unknown", ExitCode: 6}); err != nil {
			t.Fatal(err)
		}
		e.F.IOStreams.In = strings.NewReader(line + "\n")
		err := run(e, "--provider", "ebao", "--batch", "-", "--resume")
		if cmdutil.ExitCode(err) != 6 {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		got := cmdtest.JSONLines[struct {
			Outcome  string
			ExitCode int `json:"exit_code"`
		}](t, e.Out.String())
		if len(got) != 1 || got[0].Outcome != "unknown" || got[0].ExitCode != 6 {
			t.Fatalf("tty %v: %s", tty, e.Out)
		}
		if sentIssuance(e) {
			t.Fatalf("tty %v: resent: %v", tty, e.ReceivedPaths())
		}
	}
}
