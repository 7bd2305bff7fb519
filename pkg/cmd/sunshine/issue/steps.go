package issue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// order is the session's order as 120, 125 and 130 send it. For 120 the
// sub-orders follow the quote: commercial when it has a commercial
// premium, compulsory when compulsory insurance was chosen.
func order(s *shared.Session, forUnderwriting bool) *sunshine.Order {
	if forUnderwriting {
		var subs []sunshine.SubOrder
		if s.Premiums["bizTotalPremium"] > 0 {
			subs = append(subs, sunshine.SubOrder{Type: "biz", TBOrderID: s.TBOrderID + "01"})
		}
		if s.Premiums["forcePremium"] > 0 || s.Premiums["forceTotalPremium"] > 0 {
			subs = append(subs, sunshine.SubOrder{Type: "force", TBOrderID: s.TBOrderID + "02"})
		}
		s.SubOrders = subs
	}
	o := &sunshine.Order{TBOrderID: s.TBOrderID}
	for _, so := range s.SubOrders {
		o.SubOrders = append(o.SubOrders, sunshine.SubOrder{Type: so.Type, TBOrderID: so.TBOrderID, ProposalNo: so.ProposalNo})
	}
	return o
}

// payment describes the payment 130 reports. The amount is the one the
// payment check (125) asked for.
func payment(opts *IssueOptions, s *shared.Session) *sunshine.Payment {
	now := opts.Now()
	payNo := opts.PayNo
	if payNo == "" {
		// Only a test platform issues without a real payment; say so.
		payNo = "TEST" + s.ID
		fmt.Fprintf(opts.IO.ErrOut, "no --pay-no: reporting the generated payment number %s (enough for the sandbox)\n", payNo)
	}
	check := opts.CheckPayNo
	if check == "" {
		check = s.PayNo
	}
	return &sunshine.Payment{TBOrderID: s.TBOrderID, PayOrderID: payNo, CheckPayNo: check, PayType: opts.PayType,
		PartnerID: opts.PartnerID, PayTime: sunshine.FormatTime(now), PayMoney: strconv.FormatInt(s.PayAmount, 10),
		AccountDate: sunshine.FormatTime(now)[:10]}
}

// verifyCode runs 126/127 when underwriting asked for the applicant's
// code. A terminal asks (empty answer: send the code again); a script
// needs --verify-code.
func verifyCode(ctx context.Context, opts *IssueOptions, fl *shared.Flow, p prompter.Prompter) error {
	s := fl.S
	sendAgain := func() error {
		_, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnSendCode})
		return err
	}
	if opts.SendCode {
		if err := sendAgain(); err != nil {
			return err
		}
	}
	if opts.VerifyCode != "" || p == nil {
		if opts.VerifyCode == "" {
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: sunshine.TxnCheckCode.Operation(),
				Message: fmt.Sprintf("session %s needs the verification code texted to the applicant (IsIdVerifi 1); underwriting is saved", s.ID),
				Hint:    "run `insure sunshine issue --session " + s.ID + " --verify-code CODE --yes` (add --send-code to text it again)"}
		}
		_, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnCheckCode, IssueCode: opts.VerifyCode})
		return err
	}
	for tries := 0; ; tries++ {
		code, err := p.Input("Verification code texted to the applicant (empty: send it again)", "")
		if err != nil {
			return err
		}
		if code == "" {
			if err := sendAgain(); err != nil {
				return err
			}
			continue
		}
		_, err = fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnCheckCode, IssueCode: code})
		var fe *failure.Error
		if err == nil || tries >= 2 || !errors.As(err, &fe) || fe.Kind != failure.Refused {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", opts.IO.ErrColorScheme().FailureIcon(), fe.Message)
	}
}

// Result is what a purchase prints.
type Result struct {
	SessionID   string            `json:"sessionId"`
	Step        string            `json:"step"`
	TBOrderID   string            `json:"tbOrderId"`
	ProposalNos map[string]string `json:"proposalNos"`
	PolicyNos   map[string]string `json:"policyNos"`
	Paid        shared.Money      `json:"paid"`
	PackageType string            `json:"packageType,omitempty"`
	Plate       string            `json:"plate,omitempty"`
}

func printIssue(opts *IssueOptions, oo output.Options, fl *shared.Flow) error {
	s := fl.S
	r := Result{SessionID: s.ID, Step: s.Step, TBOrderID: s.TBOrderID, ProposalNos: s.ProposalNos(), PolicyNos: s.PolicyNos(),
		Paid: shared.NewMoney(s.PayAmount), PackageType: s.PackageType, Plate: s.Plate}
	err := shared.Print(opts.IO, oo, fl.Last, output.Result{Data: r, XMLRoot: "issue", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("session", r.SessionID)
		kv.Add("order", r.TBOrderID)
		for _, typ := range sortedKeys(r.PolicyNos) {
			kv.Add("policy ("+typ+")", r.PolicyNos[typ])
		}
		for _, typ := range sortedKeys(r.ProposalNos) {
			kv.Add("proposal ("+typ+")", r.ProposalNos[typ])
		}
		kv.Add("paid", r.Paid.Yuan+" yuan")
		return kv.Render(w)
	}})
	if err == nil && opts.IO.IsStderrTTY() && s.Step == "130" {
		fmt.Fprintf(opts.IO.ErrOut, "%s Issued. Sessions: insure sunshine sessions\n", opts.IO.ErrColorScheme().SuccessIcon())
	}
	return err
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
