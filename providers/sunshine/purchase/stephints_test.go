package purchase_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The payment check's status 200 is "still confirming" (3.12.2), not a
// form: an answer holding no form control at all is read as such (exit
// 4, 130 not sent), not refused as an untrusted header (exit 6), and the
// hint's command issues once the platform has confirmed.
func TestPaymentCheckStillConfirmingWithoutAnyControl(t *testing.T) {
	s, p, err := issueAnswered(t, "125", func(b []byte) []byte {
		b = regexp.MustCompile(`(?s)<TagsList>.*</TagsList>`).ReplaceAll(b, nil)
		return bytes.Replace(b, []byte("<Status>100</Status>"), []byte("<Status>200</Status>"), 1)
	})
	fe := failed(t, "125 status 200 without controls", err, 4, "still confirming")
	if strings.Contains(fe.Error(), "header does not match") || sentAny(p, "130") {
		t.Fatalf("%v, sent %v", fe, p.transactions())
	}
	issueAgain(t, p, s)
}

// A 130 refused after the payment: the hint says the payment stands, not
// to pay again, and names the command that reports the same payment
// again; that command then issues.
func TestIssueRefusedSaysThePaymentWasMade(t *testing.T) {
	refusal := "支付流水号未到账"
	s, p, err := issueAnswered(t, "130", func(b []byte) []byte {
		gbkMsg, _ := sunshine.EncodeGBK([]byte(refusal))
		b = bytes.Replace(b, []byte("<Status>100</Status>"), []byte("<Status>400</Status>"), 1)
		return regexp.MustCompile(`<ErrorMessage>[^<]*</ErrorMessage>|<ErrorMessage/>`).ReplaceAll(b, append(append([]byte("<ErrorMessage>"), gbkMsg...), "</ErrorMessage>"...))
	})
	fe := failed(t, "130 refused", err, 4, refusal)
	_, body := p.sent(t, "130")
	payNo := regexp.MustCompile(`<PayOrderId>([^<]+)</PayOrderId>`).FindSubmatch(body)
	if payNo == nil {
		t.Fatalf("130 without PayOrderId:\n%s", body)
	}
	for _, want := range []string{"was made", "do not pay again", string(payNo[1]), "insure issue --provider sunshine --session " + s.ID} {
		if !strings.Contains(fe.Hint, want) {
			t.Errorf("hint %q lacks %q", fe.Hint, want)
		}
	}
	if strings.Contains(fe.Hint, "send the step again") || s.Issued() {
		t.Errorf("hint %q, step %s", fe.Hint, s.Step)
	}
	p.Tamper(nil)
	sessions := purchase.NewMemoryStore()
	_ = sessions.Save(context.Background(), s)
	before := len(p.transactions())
	fl := p.flow(t, sessions)
	fl.Session = s
	if err := fl.Issue(context.Background(), issueReq, nil); err != nil || !s.Issued() {
		t.Fatalf("the hint's command: %v (step %s)", err, s.Step)
	}
	if got := strings.Join(p.transactions()[before:], ","); got != "130" {
		t.Errorf("the hint's command sent %s", got)
	}
}

// 126 failing (the code was not texted): the hint names this command's
// --send-code, not the transaction that just failed.
func TestFailedSendCodeNamesTheFlag(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "01562800")
	resignAnswers(t, p, "126", func(b []byte) []byte {
		return regexp.MustCompile(`<ResponseCode>[^<]*</ResponseCode>`).ReplaceAll(b, []byte("<ResponseCode>fail</ResponseCode>"))
	})
	req := issueReq
	req.SendCode, req.VerifyCode = true, "345678"
	err := fl.Issue(context.Background(), req, answers(t, peopleAnswers...))
	fe := failed(t, "126 fail", err, 4, "")
	if fe.Code != "fail" || !strings.Contains(fe.Hint, "--send-code") || !strings.Contains(fe.Hint, "--session "+fl.Session.ID) || strings.Contains(fe.Hint, "with 126") {
		t.Errorf("code %q hint %q", fe.Code, fe.Hint)
	}
	if got := p.transactions(); got[len(got)-1] != "126" {
		t.Errorf("sent %v", got)
	}
}

// A 110 priced for other coverages than asked for is warned of (on
// stderr, through Progress), naming the coverage and both values; one
// priced as asked is not.
func TestRequotePricedDifferentlyIsWarned(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func([]byte) []byte
		warned bool
	}{
		{"as asked", func(b []byte) []byte { return b }, false},
		{"another sum", func(b []byte) []byte {
			return regexp.MustCompile(`(?s)(<Definition name="key">cov_600</Definition>.*?<Definition name="value">)[^<]*`).ReplaceAll(b, []byte("${1}200000.00"))
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPlatform(t)
			sessions := purchase.NewMemoryStore()
			s := quoted(t, p, sessions, "07518800")
			resignAnswers(t, p, "110", tc.edit)
			progress := &progressLines{}
			fl := p.flow(t, sessions)
			fl.Session, fl.Progress = s, progress
			if err := fl.Change(context.Background(), "optional", answers(t, "cov_600=500000")); err != nil {
				t.Fatal(err)
			}
			var warnings []string
			for _, l := range progress.lines {
				if strings.HasPrefix(l, "warning:") {
					warnings = append(warnings, l)
				}
			}
			got := strings.Join(warnings, "\n")
			if tc.warned != (got != "") {
				t.Fatalf("warnings: %q", got)
			}
			if tc.warned && (!strings.Contains(got, "cov_600") || !strings.Contains(got, "200000.00") || !strings.Contains(got, "asked 500000")) {
				t.Errorf("warning %q", got)
			}
		})
	}
}
