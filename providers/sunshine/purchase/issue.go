package purchase

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/internal/shellword"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// IssueRequest is what buying a quoted session needs beyond its answers.
type IssueRequest struct {
	OrderID    string // the partner's TBOrderId (default: TB + SessionId)
	PayType    string // 01 Alipay ...
	PayNo      string // the payment's transaction number (payOrderId); required unless TestPayNo
	CheckPayNo string // default: the PayNo of the 125 answer
	PartnerID  string // default: the profile's partner-id
	ItemID     string // the product id of each sub-order; default: the profile's item-id
	VerifyCode string // Beijing: the code the applicant received (127)
	SendCode   bool   // Beijing: send the code again first (126)
	Now        time.Time
	// TestPayNo lets a missing PayNo be generated (TEST + SessionId): only
	// for a test platform (the sandbox profile), which issues without a
	// real payment. Anywhere else a made-up payment number must not be sent.
	TestPayNo bool
}

// Check refuses a request that cannot be issued, before anything is sent.
func (r IssueRequest) Check() error {
	if strings.TrimSpace(r.PayNo) == "" && !r.TestPayNo {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnIssue.Operation(), failure.FieldError{Field: "--pay-no",
			Rule:    "is required: the payment's transaction number (payOrderId) that 130 reports; only the sandbox profile may have one generated",
			Example: "2026030200001000910000069408"})
		e.Hint = "pay the amount the payment check (125) asked for, then pass the payment's transaction number with --pay-no"
		return e
	}
	return nil
}

// CheckIssuable refuses a session that has no quote yet (nothing is
// sent). An issued session (Issued) is not an error: it is printed again.
func CheckIssuable(s *Session) error {
	switch s.Step {
	case "130", "105", "110", "115", "120", "125", "135":
		return nil
	}
	return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "issue",
		Message: fmt.Sprintf("session %s has no quote yet (step %s); nothing was sent", s.ID, orNone(s.Step)),
		Hint:    "finish the quote first: insure sunshine quote --session " + s.ID}
}

// Issued says the policy was issued (130): nothing is left to send.
func (s *Session) Issued() bool { return s.Step == string(sunshine.TxnIssue) }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// Issue buys the quoted session: 120 (underwriting) until the platform
// stops asking for people and address, 126/127 where it asks for the
// applicant's code, 125 (payment check) and 130 (issue). Each step is
// saved, so calling Issue again continues where a failure stopped it.
func (f *Flow) Issue(ctx context.Context, req IssueRequest, answers *Answers) error {
	s := f.Session
	if f.Command == "" {
		f.Command = "issue"
	}
	if err := CheckIssuable(s); err != nil || s.Issued() {
		return err
	}
	given := req // before the profile's defaults fill it: the flags given
	f.issueRequest = &given
	if s.ResendsIssue() {
		// The lost 130 goes again byte for byte (signed): nothing this
		// run was given goes into it, so nothing is asked of it.
		return f.finishIssue(ctx, req, sunshine.RequestSpec{Transaction: sunshine.TxnIssue})
	}
	if !s.ResendsUnderwrite() {
		// A lost 120 is settled first, whatever this run lacks for 130:
		// `issue --session ID --yes` must tell what became of it.
		if err := req.Check(); err != nil {
			return err
		}
	}
	if err := f.checkIssueIDs(&req); err != nil {
		return err
	}
	if !s.ResendsUnderwrite() {
		if err := checkOrderable(s); err != nil {
			return err
		}
	}
	if req.OrderID != "" && s.TBOrderID != "" && req.OrderID != s.TBOrderID {
		// The order was named at underwriting and cannot change now.
		f.note("--order-id %s is not used: session %s was underwritten as order %s, which it keeps", req.OrderID, s.ID, s.TBOrderID)
	}
	underwrote := false // this run sent 120
	if s.Step == "105" || s.Step == "110" || s.Step == "115" {
		if err := f.underwrite(ctx, req, answers); err != nil {
			return err
		}
		underwrote = true
	}
	// A payment check that gave no amount (or is still confirming) is
	// sent again: 125 only asks, so repeating it buys nothing.
	if s.Step != "125" || !s.payChecked() {
		if err := checkProposals(s); err != nil {
			return err
		}
		if s.NeedCode && !s.CodeOK {
			if err := f.verifyCode(ctx, req, underwrote); err != nil {
				return err
			}
		}
		resp, err := f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnPaymentCheck, Order: payCheckOrder(s, req.ItemID)})
		if err != nil {
			return err
		}
		if err := f.checkPayment(resp); err != nil {
			return err
		}
	}
	if err := req.Check(); err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) {
			// Reached only after settling a lost 120: steps were sent.
			fe.Message = strings.Replace(fe.Message, "nothing was sent", "130 was not sent (underwriting and the payment check were)", 1)
			fe.Hint += "; the session is saved after the payment check: run `insure issue --provider sunshine --session " + s.ID + " --pay-no NO --yes`"
		}
		return err
	}
	pay := f.payment(req)
	o, err := f.issueOrder(req, pay)
	if err != nil {
		return err
	}
	return f.finishIssue(ctx, req, sunshine.RequestSpec{Transaction: sunshine.TxnIssue, Order: o, Payment: pay})
}

// ResendsUnderwrite says the session's 120 went unanswered (or answered
// untrusted): the next issue sends those very bytes again first.
func (s *Session) ResendsUnderwrite() bool {
	return s.Unanswered != nil && s.Unanswered.Spec.Transaction == sunshine.TxnUnderwrite && len(s.Unanswered.Body) > 0
}

// settleCommand is the whole command that settles a step of this issue
// whose answer was lost: the same issue, with this run's flags that shape
// the steps built after 120 (125, 127, 130). The answers (-f, --set) are
// not needed: a lost 120 goes again as it was sent. A verification code
// is repeated only while the session still needs one.
func (f *Flow) settleCommand() string {
	s := f.Session
	cmd := "insure issue --provider sunshine --session " + s.ID
	r := f.issueRequest
	if r == nil {
		return cmd + " --yes"
	}
	add := func(flag, v string) {
		if v != "" {
			cmd += " " + flag + " " + shellword.Quote(v)
		}
	}
	add("--order-id", r.OrderID)
	if r.PayType != "01" {
		add("--pay-type", r.PayType)
	}
	add("--pay-no", r.PayNo)
	add("--check-pay-no", r.CheckPayNo)
	add("--partner-id", r.PartnerID)
	add("--item-id", r.ItemID)
	if s.NeedCode && !s.CodeOK || s.Step == "105" || s.Step == "110" || s.Step == "115" {
		// Before 127 went through (underwriting may still ask for it).
		if r.SendCode {
			cmd += " --send-code"
		}
		add("--verify-code", r.VerifyCode)
	}
	return cmd + " --yes"
}

// ResendsIssue says the session's 130 went unanswered: the next issue
// sends those very bytes again, whatever it is given (Flow.signed).
func (s *Session) ResendsIssue() bool {
	return s.Unanswered != nil && s.Unanswered.Spec.Transaction == sunshine.TxnIssue && len(s.Unanswered.Body) > 0
}

// finishIssue sends 130 and records the session issued.
func (f *Flow) finishIssue(ctx context.Context, req IssueRequest, spec sunshine.RequestSpec) error {
	s := f.Session
	_, err := f.Send(ctx, spec)
	var fe *failure.Error
	if errors.Is(err, sunshine.ErrPaidNotIssued) && errors.As(err, &fe) {
		// The session stays paid-checked: this command reports the same
		// payment again (a resent lost 130 has no spec to read it from).
		fe.Hint = sunshine.PaidNotIssuedHint(fe.Code, spec.Payment, s.TBOrderID, s.ID, "run `"+f.settleCommand()+"` again, which reports the same payment")
	}
	if err != nil && !errors.Is(err, sunshine.ErrPolicyMissing) {
		return err
	}
	// Issued, though perhaps without every policy number (ErrPolicyMissing
	// comes back for the command to print the result and the warning).
	s.IssuedAt = req.Now.UTC().Format("2006-01-02T15:04:05Z")
	if serr := f.Sessions.Save(context.WithoutCancel(ctx), s); serr != nil {
		return serr
	}
	return err
}

// MissingPolicies is the error for an issued session whose order has a
// sub-order without a policy number (the 130 answer named none for it):
// nil when every sub-order has one. It wraps sunshine.ErrPolicyMissing,
// as the client's error for that answer does, so printing the session
// again says the same.
func MissingPolicies(s *Session) error {
	if !s.Issued() {
		return nil
	}
	var missing, issued []string
	for _, so := range s.SubOrders {
		if so.PolicyNo == "" {
			missing = append(missing, "sub-order "+so.Type+" (TBOrderId "+so.TBOrderID+", ProposalNo "+orNone(so.ProposalNo)+")")
		} else {
			issued = append(issued, so.Type+" policy "+so.PolicyNo)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(issued) == 0 {
		issued = []string{"no policy"}
	}
	return &failure.Error{Kind: failure.Verification, Provider: sunshine.Provider, Operation: sunshine.TxnIssue.Operation(), Unknown: true, Err: sunshine.ErrPolicyMissing,
		Message: fmt.Sprintf("session %s was issued (status 100) without a PolicyNo for %s; it issued: %s", s.ID, strings.Join(missing, " and "), strings.Join(issued, ", ")),
		Hint:    fmt.Sprintf("do not pay or issue this order again: ask Sunshine whether that policy exists (SessionId %s, order %s)", s.ID, s.TBOrderID)}
}

func continueIssue(err error, s *Session) error {
	if fe, ok := err.(*failure.Error); ok && fe.Kind == failure.Usage {
		fe.Hint = "the session is saved: run `insure sunshine issue --session " + s.ID + " --yes` again with this run's -f and --set answers plus the missing ones (--set KEY=VALUE)"
	}
	return err
}

// order is the session's order as 120, 125 and 130 send it. For 120 the
// sub-orders follow the quote: commercial when it has a commercial
// premium, compulsory when compulsory insurance was chosen.
func order(s *Session, forUnderwriting bool) *sunshine.Order {
	if forUnderwriting {
		var subs []sunshine.SubOrder
		for _, typ := range s.subOrderTypes() {
			suffix := map[string]string{"biz": "01", "force": "02"}[typ]
			subs = append(subs, sunshine.SubOrder{Type: typ, TBOrderID: s.TBOrderID + suffix})
		}
		s.SubOrders = subs
	}
	o := &sunshine.Order{TBOrderID: s.TBOrderID}
	for _, so := range s.SubOrders {
		o.SubOrders = append(o.SubOrders, sunshine.SubOrder{Type: so.Type, TBOrderID: so.TBOrderID, ProposalNo: so.ProposalNo})
	}
	return o
}

// payCheckOrder is the order the payment check (125) sends: the table of
// 3.12.1 lists, for each sub-order, the partner's TBOrderId, the proposal
// number and the partner's product id (ItemId), as 130 sends them.
func payCheckOrder(s *Session, itemID string) *sunshine.Order {
	o := order(s, false)
	for i := range o.SubOrders {
		o.SubOrders[i].ItemID = itemID
	}
	return o
}

// payment describes the payment 130 reports. The amount is the one the
// payment check (125) asked for.
func (f *Flow) payment(req IssueRequest) *sunshine.Payment {
	s, now := f.Session, req.Now
	payNo := req.PayNo
	if payNo == "" && req.TestPayNo {
		// Only a test platform issues without a real payment; say so.
		payNo = "TEST" + s.ID
		f.note("no --pay-no: reporting the generated payment number %s (enough for the sandbox)", payNo)
	}
	payType := req.PayType
	if payType == "" {
		payType = "01" // Alipay, the manual's example and the commands' default
	}
	check := req.CheckPayNo
	if check == "" {
		check = s.PayNo
	}
	return &sunshine.Payment{TBOrderID: s.TBOrderID, PayOrderID: payNo, CheckPayNo: check, PayType: payType,
		PartnerID: req.PartnerID, PayTime: sunshine.FormatTime(now), PayMoney: strconv.FormatInt(s.PayAmount, 10),
		AccountDate: sunshine.FormatTime(now)[:10]}
}
