package find_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

// journal records a car's story straight into the store, one minute
// apart, and settles acts the way the commands do.
type journal struct {
	t  *testing.T
	e  *cmdtest.Env
	at time.Time
}

func (j *journal) record(provider, op string, verdict *httpx.Verdict, keys map[string]string) time.Time {
	j.t.Helper()
	j.at = j.at.Add(time.Minute)
	en := httpx.Entry{Time: j.at, Profile: "sandbox", Provider: provider, Operation: op, Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
	if verdict != nil && verdict.NotSent {
		en.Status, en.Error = 0, "dial tcp 127.0.0.1:9: connect: connection refused"
	}
	if _, err := j.e.Store.RecordEntry(context.Background(), en); err != nil {
		j.t.Fatal(err)
	}
	return j.at
}

func (j *journal) settle(s store.Settlement) {
	j.t.Helper()
	s.Profile = "sandbox"
	if _, err := j.e.Store.Settle(context.Background(), s); err != nil {
		j.t.Fatal(err)
	}
}

var (
	refused = &httpx.Verdict{ExitClass: 4, Code: "400", Message: "refused"}
	lost    = &httpx.Verdict{ExitClass: 5, Message: "the connection closed", Unknown: true}
	// As the transport records a connection never made.
	neverSent = &httpx.Verdict{ExitClass: 5, Message: "could not connect, nothing was sent", NotSent: true}
)

// A long story's count read "7 issued, 5 cancelled" for a customer with
// five policies, three of them cancelled: the settle command's re-run of
// an issuance whose answer was lost (one act, sent twice), an issuance
// eBao refused and a cancellation that was never sent were each counted
// as issued or cancelled, the last two under failed as well. Each act is
// counted once, and only when it went through.
func TestFindCountsEachActOnceAndNoFailedAttemptAsDone(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	t.Setenv("COLUMNS", "200")
	j := &journal{t: t, e: e, at: time.Now().Add(-2 * time.Hour)}
	car := func(kv ...string) map[string]string {
		m := map[string]string{"plate": "沪A6U615"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	q := func(i int) string { return fmt.Sprintf("Q26120200%08d", i) }
	for i := 1; i <= 17; i++ {
		j.record("ebao", "quotation", nil, car("quotationNumber", q(i)))
	}
	// Q1's issuance: its answer lost, then the settle command run, which
	// eBao refused as already issued: one policy.
	j.record("ebao", "issuance", lost, car("quotationNumber", q(1)))
	rerun := j.record("ebao", "issuance", refused, car("quotationNumber", q(1)))
	j.settle(store.Settlement{Provider: "ebao", Operation: "issuance", Key: q(1), Outcome: store.OutcomeOK, By: "re-run", Since: rerun,
		Keys: map[string]string{"policyNumber": "P2612020000000001"}})
	j.record("ebao", "issuance", nil, car("quotationNumber", q(2), "policyNumber", "P2612020000000002"))
	j.record("ebao", "issuance", refused, car("quotationNumber", q(3)))
	j.record("ebao", "cancellation", nil, map[string]string{"policyNumber": "P2612020000000002"})
	j.record("ebao", "cancellation", refused, map[string]string{"policyNumber": "P2612020000000002"})
	j.record("ebao", "cancellation", neverSent, map[string]string{"policyNumber": "P2612020000000001"})

	out := run(t, e, "find", "沪A6U615")
	if !strings.Contains(out, "\n24 steps: 17 quoted, 2 issued, 1 cancelled; 3 failed\n") {
		t.Errorf("the count, want 2 issued and 1 cancelled:\n%s", out)
	}
}

// A purchase refused for its balance was told "last step bought (paoding
// report.buy): failed", the success word first. A cancellation that never
// left the machine read "failed 5" in the table where a purchase's read
// "failed 5 (not sent)", and the purchase's state line said "nothing was
// sent" twice. A failed step is told as an attempt, and a step that sent
// nothing says so once, whatever the operation.
func TestFindTellsAFailedStepAsAnAttemptAndNothingSentOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("COLUMNS", "200")
	j := &journal{t: t, e: e, at: time.Now().Add(-time.Hour)}
	j.record("paoding", "report.buy", &httpx.Verdict{ExitClass: 4, Code: "30010", Message: "the account balance is too low"},
		map[string]string{"orderId": "REF-1", "vin": "LSVAU2180N2183294"})
	sent := j.record("paoding", "report.buy", neverSent, map[string]string{"orderId": "ORD-F", "vin": "LSVAU2180N2183295"})
	j.settle(store.Settlement{Provider: "paoding", Operation: "report.buy", Key: "ORD-F", Outcome: store.OutcomeFailed, By: "not sent", Only: true, Since: sent})
	j.record("ebao", "issuance", nil, map[string]string{"quotationNumber": "Q2612020000000003", "policyNumber": "P2612020000000003"})
	j.record("ebao", "cancellation", neverSent, map[string]string{"policyNumber": "P2612020000000003"})

	for _, c := range []struct{ key, state string }{
		{"REF-1", "order REF-1; last step buy attempt (paoding report.buy): failed, exit 4 [30010]: the account balance is too low"},
		{"ORD-F", "order ORD-F; last step buy attempt (paoding report.buy): failed, exit 5: could not connect, nothing was sent"},
		{"P2612020000000003", "; last step cancel attempt (ebao cancellation): failed, exit 5: could not connect, nothing was sent"},
	} {
		e.F.IOStreams.SetStdoutTTY(false)
		if state := field(t, run(t, e, "find", c.key), "state"); !strings.HasSuffix(state, c.state) || strings.Count(state, "nothing was sent") > 1 {
			t.Errorf("find %s: state %q, want it to end %q", c.key, state, c.state)
		}
		e.F.IOStreams.SetStdoutTTY(true)
		out := run(t, e, "find", c.key)
		if c.key != "REF-1" && !strings.Contains(out, "failed 5 (not sent)") {
			t.Errorf("find %s: the table does not say the request was not sent:\n%s", c.key, out)
		}
	}
}
