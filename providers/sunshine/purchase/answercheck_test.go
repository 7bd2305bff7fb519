package purchase_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The tests here have the platform answer a step with status 100 (or
// 200) and less than the step's answer gives: the purchase must stop
// where it cannot go on, say so, and be able to continue once the
// platform answers in full.

var issueReq = purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"}

func failed(t *testing.T, what string, err error, exit int, says string) *failure.Error {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != exit || !strings.Contains(fe.Message, says) {
		t.Fatalf("%s: want exit %d saying %q, got %v", what, exit, says, err)
	}
	return fe
}

func sentAny(p *platform, txns ...string) bool {
	return slices.ContainsFunc(p.transactions(), func(x string) bool { return slices.Contains(txns, x) })
}

// A 105 answering success with an empty body prices nothing: it is not a
// quote (exit 6), and issuing the session it left is refused before
// anything is sent (exit 2), not underwritten as an order without a
// sub-order.
func TestQuoteAnsweredWithoutPriceIsNoQuote(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	resignAnswers(t, p, "105", func(b []byte) []byte {
		return regexp.MustCompile(`(?s)<Response>.*</Response>`).ReplaceAll(b, []byte("<Response></Response>"))
	})
	fl := p.flow(t, sessions)
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
	fe := failed(t, "empty 105", err, 6, "priced nothing")
	if !strings.Contains(fe.Hint, "--session "+fl.Session.ID) {
		t.Errorf("hint %q", fe.Hint)
	}
	p.Tamper(nil)
	s, lerr := sessions.Load(context.Background(), "test", fl.Session.ID)
	if lerr != nil {
		t.Fatal(lerr)
	}
	before := p.Count()
	fl = p.flow(t, sessions)
	fl.Session = s
	err = fl.Issue(context.Background(), issueReq, answers(t, peopleAnswers...))
	failed(t, "issue of an unpriced session", err, 2, "no sub-order")
	if p.Count() != before {
		t.Errorf("issue sent %d requests: %v", p.Count()-before, p.transactions())
	}
}

// 125 answering status 200 is the manual's "still confirming": 130 is not
// sent, the message says so (not that premiums are missing), the hint's
// command sends the payment check again, and once the platform confirms,
// that command issues.
func TestPaymentCheckStillConfirmingIsRetriedByTheHintsCommand(t *testing.T) {
	s, p, err := issueAnswered(t, "125", func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "<Status>100</Status>", "<Status>200</Status>", 1))
	})
	fe := failed(t, "125 status 200", err, 4, "still confirming")
	if strings.Contains(fe.Error(), "Premium") || !strings.Contains(fe.Hint, "insure issue --provider sunshine --session "+s.ID) {
		t.Errorf("125 status 200: %v (hint %q)", fe, fe.Hint)
	}
	if sentAny(p, "130") || s.Pending != "" || len(s.Form) == 0 {
		t.Errorf("after 125 status 200: sent %v, pending %q, quote form kept %v", p.transactions(), s.Pending, len(s.Form) > 0)
	}
	issueAgain(t, p, s)
}

// 125 answering success without an amount: exit 6 naming what is
// missing, 130 not sent; the same issue command sends 125 again and
// issues when the answer is whole.
func TestPaymentCheckWithoutAmountIsRetriedByTheHintsCommand(t *testing.T) {
	s, p, err := issueAnswered(t, "125", func(b []byte) []byte {
		return regexp.MustCompile(`<Premium>[^<]*</Premium>`).ReplaceAll(b, nil)
	})
	fe := failed(t, "125 without Premium", err, 6, "gave no amount to pay")
	if !strings.Contains(fe.Hint, "insure issue --provider sunshine --session "+s.ID) || sentAny(p, "130") {
		t.Errorf("hint %q, sent %v", fe.Hint, p.transactions())
	}
	issueAgain(t, p, s)
}

// issueAgain runs issue on s with the platform answering in full: 125 is
// sent again, then 130, and the session is issued.
func issueAgain(t *testing.T, p *platform, s *purchase.Session) {
	t.Helper()
	p.Tamper(nil)
	sessions := purchase.NewMemoryStore()
	if err := sessions.Save(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	before := len(p.transactions())
	fl := p.flow(t, sessions)
	fl.Session = s
	if err := fl.Issue(context.Background(), issueReq, nil); err != nil {
		t.Fatalf("issue again: %v", err)
	}
	if got := strings.Join(p.transactions()[before:], ","); got != "125,130" || !s.Issued() {
		t.Fatalf("issue again sent %s, step %s", got, s.Step)
	}
}

// A 120 success that names no proposal number (or no order at all) is
// not carried on to 125 and 130 (exit 6, saying what 120 did), and a
// second issue run does not send them either.
func TestUnderwritingWithoutProposalsStopsBeforePaymentCheck(t *testing.T) {
	for name, edit := range map[string]*regexp.Regexp{
		"no ProposalNo": regexp.MustCompile(`<ProposalNo>[^<]*</ProposalNo>`),
		"no Order":      regexp.MustCompile(`(?s)<Order>.*</Order>`),
	} {
		t.Run(name, func(t *testing.T) {
			s, p, err := issueAnswered(t, "120", func(b []byte) []byte { return edit.ReplaceAll(b, nil) })
			failed(t, name, err, 6, "underwriting (120) of order TB"+s.ID+" answered success (status 100) but gave no ProposalNo")
			if sentAny(p, "125", "130") || s.Step != "120" {
				t.Fatalf("sent %v, step %s", p.transactions(), s.Step)
			}
			sessions := purchase.NewMemoryStore()
			_ = sessions.Save(context.Background(), s)
			fl := p.flow(t, sessions)
			fl.Session = s
			failed(t, name+", again", fl.Issue(context.Background(), issueReq, nil), 6, "gave no ProposalNo")
			if sentAny(p, "125", "130") {
				t.Fatalf("second run sent %v", p.transactions())
			}
		})
	}
}

// A 125 sent in an underwritten session (as `insure api sunshine 125
// --session` does) for another order is refused before sending, and the
// session keeps its order: issue pays and issues the underwritten one.
func TestSessionRefusesAnotherOrdersPaymentCheck(t *testing.T) {
	s, p, err := issueAnswered(t, "125", func(b []byte) []byte {
		return regexp.MustCompile(`<Premium>[^<]*</Premium>`).ReplaceAll(b, nil)
	})
	if err == nil {
		t.Fatal("125 without premium went through")
	}
	p.Tamper(nil)
	sessions := purchase.NewMemoryStore()
	_ = sessions.Save(context.Background(), s)
	own := s.ProposalNos()
	for name, o := range map[string]*sunshine.Order{
		"another TBOrderId": {TBOrderID: "TB2026030200001", SubOrders: []sunshine.SubOrder{{Type: "biz", TBOrderID: "TB202603020000101"}}},
		"another proposal":  {TBOrderID: s.TBOrderID, SubOrders: []sunshine.SubOrder{{Type: "biz", ProposalNo: "T085105092026000000"}}},
	} {
		before := p.Count()
		fl := p.flow(t, sessions)
		fl.Session = s
		_, err := fl.Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnPaymentCheck, Order: o})
		failed(t, name, err, 2, "was underwritten as order "+s.TBOrderID)
		if p.Count() != before || s.TBOrderID != "TB"+s.ID || s.ProposalNos()["biz"] != own["biz"] {
			t.Fatalf("%s: sent %d, session order %s %v", name, p.Count()-before, s.TBOrderID, s.ProposalNos())
		}
	}
	issueAgain(t, p, s)
	_, body := p.sent(t, "130")
	if !strings.Contains(string(body), "<TBOrderId>TB"+s.ID+"</TBOrderId>") || !strings.Contains(string(body), own["biz"]) {
		t.Errorf("130 is not the session's order:\n%s", body)
	}
}

// The 105 answer after the reform (3.7.3) has no immevalid group, yet both
// 110 tables require isImmevalid: 110 sends the default 0, and the
// sandbox, which requires it, prices the change.
func TestRequoteSendsImmevalidWhenThePricedAnswerHasNone(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	resignAnswers(t, p, "105", func(b []byte) []byte {
		return regexp.MustCompile(`(?s)<Tags type="immevalid">.*?</Tags>`).ReplaceAll(b, nil)
	})
	s := quoted(t, p, sessions, "07518800")
	for _, g := range s.Form {
		if g.Type == "immevalid" {
			t.Fatal("the priced answer still has the immevalid group")
		}
	}
	p.Tamper(nil)
	fl := p.flow(t, sessions)
	fl.Session = s
	if err := fl.Change(context.Background(), "optional", answers(t, "cov_600=500000", "cov_500=0")); err != nil {
		t.Fatal(err)
	}
	in, body := p.sent(t, "110")
	if in["isImmevalid"] != "0" || !strings.Contains(string(body), `<Inputs type="immevalid">`) || s.Step != "115" {
		t.Fatalf("110 isImmevalid %q, step %s:\n%s", in["isImmevalid"], s.Step, body)
	}
}
