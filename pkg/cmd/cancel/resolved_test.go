package cancel

import (
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

// A cancellation an earlier run sent, found in the journal by --resume,
// reads as one sent now: endorsement_number, as eBao's answer names it.
// It read endorsementNumber (the journal's key), so a jq filter caught
// one kind of line and missed the other.
func TestResumeSettledCancellationNamesTheEndorsementAsAFreshOne(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	body := `{"policy_number":"P2611230000000001"}`
	if err := e.Store.PutBatchLine(t.Context(), "cancel", config.SandboxProfile, batch.Hash([]byte(body)), store.BatchLine{Line: 2, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.RecordEntry(t.Context(), httpx.Entry{Time: time.Now(), Profile: config.SandboxProfile, Provider: "ebao", Operation: "cancellation",
		Method: "POST", URL: "http://x/ebao", Status: 200,
		Keys: map[string]string{"policyNumber": "P2611230000000001", "endorsementNumber": "E2611230000000009"}}); err != nil {
		t.Fatal(err)
	}
	if err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "c.csv", "policy_number\nP2611230000000001\n"), "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	l := batchLines(t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "ok" || l[0].Result["endorsement_number"] != "E2611230000000009" || l[0].Result["endorsementNumber"] != nil {
		t.Fatalf("%s", e.Out)
	}
}
