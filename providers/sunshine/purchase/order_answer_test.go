package purchase_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// resignAnswers makes the platform change its answers to txn with edit
// and sign them again with its key: what a platform answering wrongly
// (not a man in the middle) sends.
func resignAnswers(t *testing.T, p *platform, txn string, edit func([]byte) []byte) {
	t.Helper()
	key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPlatformPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	marker := []byte("<RequestType>" + txn + "</RequestType>")
	p.Tamper(func(b []byte) []byte {
		if !bytes.Contains(b, marker) {
			return b
		}
		out, err := sunshine.SignDocument(edit(b), "Response", key)
		if err != nil {
			t.Error(err)
			return b
		}
		return out
	})
}

var forcePolicy = regexp.MustCompile(`(?s)(<SubOrder type=["']force["']>.*?)<PolicyNo>[^<]*</PolicyNo>`)

// issueAnswered runs issue on a quoted session whose answers to txn
// edit changes, and returns the session as saved, the platform and the error.
func issueAnswered(t *testing.T, txn string, edit func([]byte) []byte) (*purchase.Session, *platform, error) {
	t.Helper()
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Command = "issue"
	fl.Session = quoted(t, p, sessions, "07518800")
	resignAnswers(t, p, txn, edit)
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"},
		answers(t, peopleAnswers...))
	s, lerr := sessions.Load(context.Background(), "test", fl.Session.ID)
	if lerr != nil {
		t.Fatal(lerr)
	}
	return s, p, err
}

// The guided issue: a 130 answer for another order is not the session's
// (exit 6, outcome unknown, the session not issued, its request kept for
// the same issue command to send again); nor is a 125 answer for another
// order (exit 6, 130 never sent).
func TestIssueAnswerForAnotherOrderIsNotTheSessions(t *testing.T) {
	foreign := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("<TBOrderId>TB"), []byte("<TBOrderId>XB")) }

	s, _, err := issueAnswered(t, "130", foreign)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 6 || !fe.Unknown || !strings.Contains(fe.Message, "another order") {
		t.Fatalf("130 for another order: %v", err)
	}
	if !strings.Contains(fe.Hint, "run the same issue command for session "+s.ID) {
		t.Errorf("hint %q", fe.Hint)
	}
	if s.Issued() || len(s.PolicyNos()) > 0 || strings.HasPrefix(s.TBOrderID, "XB") || s.Unanswered == nil {
		t.Errorf("session after a foreign 130 answer: step %s, policies %v, order %s, kept request %v", s.Step, s.PolicyNos(), s.TBOrderID, s.Unanswered != nil)
	}

	s, p, err := issueAnswered(t, "125", foreign)
	if failure.KindOf(err) != failure.Verification || !strings.Contains(err.Error(), "another order") {
		t.Fatalf("125 for another order: %v", err)
	}
	if s.PayAmount != 0 || strings.Contains(strings.Join(p.transactions(), ","), "130") {
		t.Errorf("after a foreign 125 answer: pay amount %d, sent %v", s.PayAmount, p.transactions())
	}
}

// A 130 answer of status 100 without the compulsory (force) policy
// number: the session is issued with the commercial policy, the error
// (ErrPolicyMissing, exit 6) names the force sub-order, no request is
// kept to resend, and the issued session says the same when printed again.
func TestIssueAnswerWithoutForcePolicyIsFlagged(t *testing.T) {
	s, _, err := issueAnswered(t, "130", func(b []byte) []byte { return forcePolicy.ReplaceAll(b, []byte("$1")) })
	var fe *failure.Error
	if !errors.Is(err, sunshine.ErrPolicyMissing) || !errors.As(err, &fe) || fe.ExitCode() != 6 || !strings.Contains(fe.Message, "sub-order force") {
		t.Fatalf("no force policy: %v", err)
	}
	if !s.Issued() || s.PolicyNos()["biz"] == "" || s.PolicyNos()["force"] != "" || s.Unanswered != nil || s.IssuedAt == "" {
		t.Errorf("session: step %s, policies %v, kept request %v, issued at %q", s.Step, s.PolicyNos(), s.Unanswered != nil, s.IssuedAt)
	}
	if !strings.Contains(s.Message, "sub-order force") {
		t.Errorf("session message %q", s.Message)
	}
	again := purchase.MissingPolicies(s)
	if !errors.Is(again, sunshine.ErrPolicyMissing) || !strings.Contains(again.Error(), "sub-order force") {
		t.Errorf("printed again: %v", again)
	}
}

// Status 2 (the manual's 130 example): exit 6 as every undefined status,
// and the message names the policies the signed body carries.
func TestIssueStatus2ShowsTheSignedPolicies(t *testing.T) {
	var policies []string
	s, _, err := issueAnswered(t, "130", func(b []byte) []byte {
		for _, m := range regexp.MustCompile(`<PolicyNo>([^<]+)</PolicyNo>`).FindAllSubmatch(b, -1) {
			policies = append(policies, string(m[1]))
		}
		return bytes.Replace(b, []byte("<Status>100</Status>"), []byte("<Status>2</Status>"), 1)
	})
	if failure.KindOf(err) != failure.Verification || len(policies) != 2 {
		t.Fatalf("status 2: %v (policies in the answer %v)", err, policies)
	}
	for _, p := range policies {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("status 2: %q does not name policy %s", err.Error(), p)
		}
	}
	if s.Unanswered == nil {
		t.Errorf("status 2 left no request to send again")
	}
}
