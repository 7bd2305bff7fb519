package purchase

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// verifyCode runs 126/127 when underwriting asked for the applicant's
// code. A terminal asks (empty answer: send the code again); a script
// needs --verify-code. underwrote says this run sent 120.
func (f *Flow) verifyCode(ctx context.Context, req IssueRequest, underwrote bool) error {
	s := f.Session
	sendAgain := func() error {
		_, err := f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnSendCode})
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Refused {
			// The client's hint names the transaction that just failed;
			// this command's way to it is --send-code.
			fe.Hint = "the platform did not text the code: run `" + f.codeCommand(true, req.VerifyCode) + "` again later, which asks for it again, or ask Sunshine about SessionId " + s.ID
		}
		return err
	}
	if req.SendCode {
		if err := sendAgain(); err != nil {
			return err
		}
	}
	if req.VerifyCode != "" || f.Asker == nil {
		if req.VerifyCode == "" {
			return codeNeeded(s, underwrote, req.SendCode, f.codeCommand(false, "CODE"))
		}
		_, err := f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnCheckCode, IssueCode: req.VerifyCode})
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Refused {
			// The client's hint names the transaction (126); this
			// command's way to it is --send-code.
			fe.Hint = "check the code the applicant received and run `" + f.codeCommand(false, "CODE") + "`; add --send-code to have it texted again"
		}
		return err
	}
	var refused error
	for tries := 0; ; tries++ {
		code, err := f.Asker.VerificationCode(ctx, refused)
		if err != nil {
			return err
		}
		if code == "" {
			if err := sendAgain(); err != nil {
				return err
			}
			refused = nil
			continue
		}
		_, err = f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnCheckCode, IssueCode: code})
		var fe *failure.Error
		if err == nil || tries >= 2 || !errors.As(err, &fe) || fe.Kind != failure.Refused {
			return err
		}
		refused = fe
	}
}

// codeNeeded is the stop of a script that has no verification code to
// give. When this run sent 120 (or 126) the platform has answered and
// holds the purchase until the code comes (exit 4, as a refusal: the
// purchase cannot go on as asked); otherwise nothing was sent (exit 2).
func codeNeeded(s *Session, underwrote, sentCode bool, again string) error {
	e := &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: sunshine.TxnCheckCode.Operation(),
		Message: fmt.Sprintf("session %s needs the verification code texted to the applicant (underwriting answered IsIdVerifi 1); no --verify-code was given, so nothing was sent", s.ID),
		Hint:    "run `" + again + "` (add --send-code to text it again)"}
	if underwrote || sentCode {
		sent := "underwriting (120) was sent and answered that it needs the verification code texted to the applicant (IsIdVerifi 1)"
		if sentCode {
			sent = "the verification code was texted to the applicant again (126)"
			if underwrote {
				sent = "underwriting (120) was sent and asked for the verification code texted to the applicant (IsIdVerifi 1), which was texted again (126)"
			}
		}
		e.Kind = failure.Refused
		e.Message = fmt.Sprintf("session %s: %s; without --verify-code the payment check (125) and 130 were not sent; the underwriting is saved", s.ID, sent)
	}
	return e
}

// codeCommand is the issue command that continues at the verification
// code: this run's flags, with --send-code only when it is to be texted
// again (a new text would void the code the applicant holds) and the
// code given as code.
func (f *Flow) codeCommand(sendCode bool, code string) string {
	saved := f.issueRequest
	defer func() { f.issueRequest = saved }()
	r := IssueRequest{PayType: "01"}
	if saved != nil {
		r = *saved
	}
	r.SendCode, r.VerifyCode = sendCode, code
	f.issueRequest = &r
	return f.settleCommand()
}
