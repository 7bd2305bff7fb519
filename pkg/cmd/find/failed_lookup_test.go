package find_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// `vin-report get --wait` journals its polls (status 1, still generating:
// ok) and then the answer that the query failed (status 3: failed, exit
// 4). The state said "report fetched 11:41" before the failure, which a
// support person read as a report in hand. A look-up whose latest attempt
// did not go through is no milestone; the last step says how it ended. A
// refused repeat of an act does not undo the act's milestone.
func TestFindStateDoesNotTellALookUpWhoseLatestAttemptFailed(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	e := cmdtest.New(t, cmdtest.Options{})
	day := time.Date(2026, 12, 2, 11, 0, 0, 0, cst)
	record := func(minute int, provider, op string, verdict *httpx.Verdict, keys map[string]string) {
		t.Helper()
		en := httpx.Entry{Time: day.Add(time.Duration(minute) * time.Minute), Profile: "sandbox", Provider: provider, Operation: op,
			Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	order := map[string]string{"orderId": "WAIT-1", "vin": "LSVAU2180N2183294"}
	record(40, "paoding", "report.buy", nil, order)
	record(41, "paoding", "report.get", nil, map[string]string{"orderId": "WAIT-1"})
	record(42, "paoding", "report.get", &httpx.Verdict{ExitClass: 4, Code: "status:3", Message: "the query failed"}, map[string]string{"orderId": "WAIT-1"})

	policy := map[string]string{"policyNumber": "P2612020000000009", "quotationNumber": "Q2612020000000009"}
	record(50, "ebao", "issuance", nil, policy)
	record(51, "ebao", "cancellation", nil, policy)
	record(52, "ebao", "cancellation", &httpx.Verdict{ExitClass: 4, Message: "policy P2612020000000009 is not effective (CANCELLED)"}, policy)

	for _, tty := range []bool{false, true} {
		e.F.IOStreams.SetStdoutTTY(tty)
		for _, c := range []struct{ key, want string }{
			{"WAIT-1", "order WAIT-1 bought 2026-12-02 11:40 (CST); last step report fetch attempt (paoding report.get): failed, exit 4 [status:3]: the query failed"},
			{"P2612020000000009", "policy P2612020000000009 issued 2026-12-02 11:50 (CST), cancelled 11:51; last step cancel attempt (ebao cancellation): failed, exit 4"},
		} {
			out := run(t, e, "find", c.key)
			got := ""
			if tty {
				got, _, _ = strings.Cut(out, "\n")
			} else {
				got = field(t, out, "state")
			}
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("tty %v: find %s: state %q, want it to begin %q", tty, c.key, got, c.want)
			}
		}
	}
}
