package purchase_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// When the answer to any purchase step is lost, the hint names a command
// that settles it: the command that was running, run again (no journal id
// is given, and no command replays "the same signed request" from the
// history). Following the hint, with the same inputs, continues the
// purchase.
func TestEveryLostAnswerHintNamesACommandThatWorks(t *testing.T) {
	issueReq := purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"}
	codeReq := purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786", VerifyCode: "345678"}
	sendCodeReq := codeReq
	sendCodeReq.SendCode = true
	type run func(fl *purchase.Flow) error
	issue := func(req purchase.IssueRequest) run {
		return func(fl *purchase.Flow) error {
			return fl.Issue(context.Background(), req, answers(t, peopleAnswers...))
		}
	}
	change := func(pkg string, sets ...string) run {
		return func(fl *purchase.Flow) error { return fl.Change(context.Background(), pkg, answers(t, sets...)) }
	}
	for _, tc := range []struct {
		txn, city string
		fresh     bool // a new session (Start), not a quoted one
		do, again run
		hint      string // %s: the session
		after     string // the step the session reaches again
	}{
		{txn: "125", city: "07518800", do: issue(issueReq), hint: "run the same issue command for session %s again (`insure issue --provider sunshine --session %s --check-pay-no B5000M386466139260786 --yes`)", after: "130"},
		{txn: "127", city: "01562800", do: issue(codeReq), hint: "run the same issue command for session %s again (`insure issue --provider sunshine --session %s --check-pay-no B5000M386466139260786 --verify-code 345678 --yes`)", after: "130"},
		{txn: "126", city: "01562800", do: issue(sendCodeReq), hint: "run the same issue command for session %s again (`insure issue --provider sunshine --session %s --check-pay-no B5000M386466139260786 --send-code --verify-code 345678 --yes`)", after: "130"},
		{txn: "110", city: "07518800", do: change("optional", "cov_600=500000"), hint: "run the same quote command for session %s again", after: "115"},
		{txn: "115", city: "07518800", do: change("optional", "cov_600=500000"), hint: "run the same quote command for session %s again", after: "115"},
		{txn: "105", city: "07518800", do: change("basic"), hint: "run the same quote command for session %s again", after: "115"},
		{txn: "105", city: "07518800", fresh: true,
			do: func(fl *purchase.Flow) error {
				return fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
			},
			again: change("", vehicleAnswers...), hint: "`insure sunshine quote --session %s`", after: "105"},
		{txn: "100", city: "07518800", fresh: true,
			do: func(fl *purchase.Flow) error {
				return fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
			},
			hint: "run the same quote command again", after: "105"},
	} {
		name := tc.txn
		if tc.fresh {
			name += "-start"
		}
		t.Run(name, func(t *testing.T) {
			p := newPlatform(t)
			sessions := purchase.NewMemoryStore()
			fl := p.flow(t, sessions)
			if tc.fresh {
				fl.Session = newSession(tc.city)
			} else {
				fl.Session = quoted(t, p, sessions, tc.city)
			}
			marker := []byte("<RequestType>" + tc.txn + "</RequestType>")
			p.Lose(func(req []byte) bool { return bytes.Contains(req, marker) })
			err := tc.do(fl)
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Network || !fe.Unknown {
				t.Fatalf("lost %s: %v", tc.txn, err)
			}
			want := tc.hint
			if strings.Contains(want, "%s") {
				want = strings.ReplaceAll(want, "%s", fl.Session.ID)
			}
			if !strings.Contains(fe.Hint, want) || strings.Contains(fe.Hint, "history show") {
				t.Fatalf("lost %s: hint %q, want it to say %q", tc.txn, fe.Hint, want)
			}

			// Do what the hint says, with the answer path repaired.
			p.Lose(nil)
			again := tc.again
			if again == nil {
				again = tc.do
			}
			fl2 := p.flow(t, sessions)
			if fl.Session.ID != "" {
				if fl2.Session, err = purchase.OpenSession(context.Background(), sessions, "test", fl.Session.ID); err != nil {
					t.Fatal(err)
				}
			} else {
				fl2.Session = newSession(tc.city)
			}
			if err := again(fl2); err != nil {
				t.Fatalf("following the hint: %v", err)
			}
			if fl2.Session.Step != tc.after {
				t.Fatalf("following the hint reached step %s, want %s", fl2.Session.Step, tc.after)
			}
		})
	}
}

// The delivery change (135) is sent by `insure sunshine deliver` through
// Flow.Send: its lost answer names that command, which sends 135 again.
func TestLostDeliveryAnswerNamesTheDeliverCommand(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	// Without a payment serial number issue stops before 130, at 125.
	_ = fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true}, answers(t, peopleAnswers...))
	if fl.Session.Step != "125" {
		t.Fatalf("setup left step %s", fl.Session.Step)
	}
	id := fl.Session.ID
	deliver := func() error {
		fl := p.flow(t, sessions)
		fl.Command = "deliver"
		var err error
		if fl.Session, err = purchase.OpenSession(context.Background(), sessions, "test", id); err != nil {
			t.Fatal(err)
		}
		_, err = fl.Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnDelivery,
			InputsList: []sunshine.Inputs{{Type: "deliverInfo", Inputs: []sunshine.Input{{Name: "addresseeName", Value: "李四"},
				{Name: "addresseeMobile", Value: "13800138000"}, {Name: "addresseeProvince", Value: "44"}, {Name: "addresseeCity", Value: "4401"},
				{Name: "addresseeTown", Value: "440106"}, {Name: "addresseeDetails", Value: "广州市天河区体育西路1号"},
				{Name: "insuredaddresseeDetails", Value: "广州市天河区体育西路1号"}, {Name: "sendDate", Value: "2026-03-03"}}}}})
		return err
	}
	p.Lose(func(req []byte) bool { return bytes.Contains(req, []byte("<RequestType>135</RequestType>")) })
	err := deliver()
	var fe *failure.Error
	if !errors.As(err, &fe) || !strings.Contains(fe.Hint, "run the same deliver command for session "+id+" again") {
		t.Fatalf("lost 135: %v (hint %q)", err, fe.Hint)
	}
	p.Lose(nil)
	if err := deliver(); err != nil {
		t.Fatalf("the same deliver again: %v", err)
	}
}
