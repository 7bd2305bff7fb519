package cancel

import (
	"regexp"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

// A batch killed while a line's cancellation was in flight leaves no
// journal row of that attempt. The re-run its hint prints is refused (the
// policy is not effective, status CANCELLED, naming the endorsement) and
// settled nothing, so --resume reported the line unknown for ever. The
// refusal is now the record --resume finds.
func TestResumeTakesTheRefusedRerunAsTheCancellation(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	p := issuedPolicy(t, e)
	if err := run(e, "--provider", "ebao", p); err != nil {
		t.Fatal(err)
	}
	endorsement := regexp.MustCompile(`E\d{16}`).FindString(e.Out.String())
	// The killed run's journal row never written: only its in-flight
	// entry stands.
	if _, err := e.Store.PruneJournal(t.Context(), store.PruneOptions{Before: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	body := `{"policy_number":"` + p + `"}`
	if err := e.Store.PutBatchLine(t.Context(), "cancel", config.SandboxProfile, batch.Hash([]byte(body)), store.BatchLine{Line: 2, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	if err := run(e, "--provider", "ebao", p); cmdutil.ExitCode(err) != 4 {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	e.Reset()
	if err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "c.csv", "policy_number\n"+p+"\n"), "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	l := batchLines(t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "ok" || endorsement == "" || l[0].Result["endorsement_number"] != endorsement {
		t.Fatalf("endorsement %s: %s", endorsement, e.Out)
	}
	if sentCancellation(e) {
		t.Fatalf("resent")
	}
}
