package purchase_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// When the answer to underwriting (120) or issue (130) is lost, the
// platform may have acted. The next `issue` must learn what became of
// that request by sending it again byte for byte (the platform answers an
// identical request identically), not send a new one: a rebuilt request,
// with a later SendTime, is refused as a second underwriting or issue and
// the session could never learn its proposal or policy numbers.
func TestIssueAfterALostAnswerSendsTheSameRequestAgain(t *testing.T) {
	for _, txn := range []string{"120", "130"} {
		t.Run(txn, func(t *testing.T) {
			p := newPlatform(t)
			sessions := purchase.NewMemoryStore()
			s := quoted(t, p, sessions, "07518800")
			marker := []byte("<RequestType>" + txn + "</RequestType>")
			p.Lose(func(req []byte) bool { return bytes.Contains(req, marker) })

			fl := p.flow(t, sessions)
			fl.Session = s
			req := purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"}
			err := fl.Issue(context.Background(), req, answers(t, peopleAnswers...))
			var fe *failure.Error
			// The whole command: this run's flags that shape 125 and 130.
			wantHint := "run the same issue command for session " + s.ID + " again (`insure issue --provider sunshine --session " + s.ID + " --check-pay-no B5000M386466139260786 --yes`)"
			if txn == "130" {
				// A kept 130 needs no flag of the next run.
				wantHint = "run the same issue command for session " + s.ID + " again; no flag but --yes is needed"
			}
			if !errors.As(err, &fe) || fe.Kind != failure.Network || !strings.Contains(fe.Hint, wantHint) {
				t.Fatalf("lost answer: %v (hint %q)", err, fe.Hint)
			}
			lost := sentOf(p, marker)

			// Later, in another process, with the answer path repaired.
			p.Lose(nil)
			later := testNow.Add(3 * time.Minute)
			fl = p.flow(t, sessions)
			fl.Client.Now = func() time.Time { return later }
			if fl.Session, err = purchase.OpenSession(context.Background(), sessions, "test", s.ID); err != nil {
				t.Fatal(err)
			}
			req.Now = later
			if err := fl.Issue(context.Background(), req, answers(t, peopleAnswers...)); err != nil {
				t.Fatalf("issue again: %v", err)
			}
			if fl.Session.Step != "130" || len(fl.Session.PolicyNos()) != 2 || fl.Session.Unanswered != nil {
				t.Fatalf("not issued: step %s, policies %v", fl.Session.Step, fl.Session.PolicyNos())
			}
			if again := sentOf(p, marker); !bytes.Equal(again, lost) {
				t.Fatalf("%s was built anew instead of sent again:\n%s\n---\n%s", txn, lost, again)
			}
		})
	}
}

// sentOf is the last request holding marker the platform received.
func sentOf(p *platform, marker []byte) []byte {
	r := p.Received()
	for i := len(r) - 1; i >= 0; i-- {
		if bytes.Contains(r[i], marker) {
			return r[i]
		}
	}
	return nil
}

// The manual's own 130 answer carries Status 2, which the client cannot
// read as success or refusal (exit 6, "the policy may already be
// issued"). That answer is as untrusted as a lost one: the next issue must
// send the very same 130 again, as the error's hint says, not a new one
// with a later SendTime and PayTime.
func TestIssueAfterAnUnknownStatusSendsTheSameRequestAgain(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "07518800")
	marker := []byte("<RequestType>130</RequestType>")
	p.Tamper(func(b []byte) []byte {
		if !bytes.Contains(b, marker) {
			return b
		}
		return regexp.MustCompile(`<Status>\d+<`).ReplaceAll(b, []byte("<Status>2<"))
	})
	fl := p.flow(t, sessions)
	fl.Session = s
	req := purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"}
	err := fl.Issue(context.Background(), req, answers(t, peopleAnswers...))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Verification {
		t.Fatalf("status 2: %v", err)
	}
	first := sentOf(p, marker)

	p.Tamper(nil)
	later := testNow.Add(3 * time.Minute)
	fl = p.flow(t, sessions)
	fl.Client.Now = func() time.Time { return later }
	if fl.Session, err = purchase.OpenSession(context.Background(), sessions, "test", s.ID); err != nil {
		t.Fatal(err)
	}
	req.Now = later
	if err := fl.Issue(context.Background(), req, answers(t, peopleAnswers...)); err != nil {
		t.Fatalf("issue again: %v", err)
	}
	if again := sentOf(p, marker); !bytes.Equal(again, first) {
		t.Fatalf("130 was built anew instead of sent again:\n%s\n---\n%s", first, again)
	}
	if fl.Session.Step != "130" || len(fl.Session.PolicyNos()) != 2 {
		t.Fatalf("not issued: step %s, policies %v", fl.Session.Step, fl.Session.PolicyNos())
	}
}
