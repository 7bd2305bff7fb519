package purchase

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// A status of 100 says a step went through, not that its answer holds
// what the next step needs. The checks here stop a purchase where the
// answer it continues from is incomplete: going on would build an order
// (120), a payment check (125) or a payment report (130) on nothing.

// subOrderTypes are the sub-orders a priced session's order has: biz
// when the quote has a commercial premium, force when it has a
// compulsory one (the TBOrderId appears once per sub-order, 3.12.1).
func (s *Session) subOrderTypes() []string {
	var types []string
	if s.Premiums["bizTotalPremium"] > 0 {
		types = append(types, "biz")
	}
	if s.Premiums["forcePremium"] > 0 || s.Premiums["forceTotalPremium"] > 0 {
		types = append(types, "force")
	}
	return types
}

// checkPriced refuses a priced answer (105 or 110, status 100) that
// prices neither commercial nor compulsory insurance: it is no quote, and
// an order built on it would have no sub-order to underwrite or pay.
func checkPriced(txn sunshine.Transaction, s *Session, pkg string) error {
	if len(s.subOrderTypes()) > 0 {
		return nil
	}
	if pkg == "" {
		pkg = "luxury"
	}
	return &failure.Error{Kind: failure.Verification, Provider: sunshine.Provider, Operation: txn.Operation(),
		Message: fmt.Sprintf("the platform answered %s (%s) with success (status 100) but priced nothing: no commercial total (bizTotalPremium) and no compulsory premium (forcePremium); it is not taken as a quote", txn, txn.Name()),
		Hint:    fmt.Sprintf("nothing can be bought on it: price session %s again with `insure sunshine quote --session %s --package %s`, or ask Sunshine about that SessionId", s.ID, s.ID, pkg)}
}

// checkOrderable refuses, before anything is sent, an issue whose order
// would have no sub-order: nothing would be underwritten or paid.
func checkOrderable(s *Session) error {
	n := len(s.SubOrders)
	if s.Step == "105" || s.Step == "110" || s.Step == "115" {
		n = len(s.subOrderTypes())
	}
	if n > 0 {
		return nil
	}
	return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "issue",
		Message: fmt.Sprintf("session %s has no commercial or compulsory premium (step %s), so its order would have no sub-order; nothing was sent", s.ID, s.Step),
		Hint:    "price it again first: insure sunshine quote --session " + s.ID + " --package luxury"}
}

// checkProposals refuses to go on to the payment check when underwriting
// (120) went through without a proposal number for every sub-order:
// 125 and 130 name them, and numbers first heard of in their answers
// would be no underwriting's.
func checkProposals(s *Session) error {
	var missing []string
	for _, so := range s.SubOrders {
		if so.ProposalNo == "" {
			missing = append(missing, "sub-order "+so.Type+" (TBOrderId "+orNone(so.TBOrderID)+")")
		}
	}
	if len(s.SubOrders) > 0 && len(missing) == 0 {
		return nil
	}
	if len(s.SubOrders) == 0 {
		missing = []string{"any sub-order"}
	}
	return &failure.Error{Kind: failure.Verification, Provider: sunshine.Provider, Operation: sunshine.TxnUnderwrite.Operation(),
		Message: fmt.Sprintf("underwriting (120) of order %s answered success (status 100) but gave no ProposalNo for %s; the payment check (125) and 130 were not sent",
			orNone(s.TBOrderID), strings.Join(missing, " and ")),
		Hint: fmt.Sprintf("the platform may hold the underwriting: do not pay; ask Sunshine for the proposal numbers of order %s (SessionId %s)", orNone(s.TBOrderID), s.ID)}
}

// payChecked says the last payment check (125) gave what 130 reports:
// the amount and every sub-order's premium.
func (s *Session) payChecked() bool {
	if s.PayAmount <= 0 {
		return false
	}
	for _, so := range s.SubOrders {
		if so.Premium == "" {
			return false
		}
	}
	return true
}

// checkPayment reads the payment check's answer: status 200 is the
// manual's "still confirming" (3.12.2: the insurer may be underwriting
// again), and a success without the amount is no answer to pay by.
// Either way 130 is not sent, and the same issue command sends 125 again.
func (f *Flow) checkPayment(resp *sunshine.Response) error {
	s := f.Session
	again := f.settleCommand()
	op := sunshine.TxnPaymentCheck.Operation()
	if resp.NeedsInput() {
		msg := "the payment check (125) answered status 200: Sunshine is still confirming order " + s.TBOrderID + " (it may be underwriting it again), so it cannot be paid yet; 130 was not sent"
		if m := resp.Message(); m != "" {
			msg += " (" + m + ")"
		}
		return &failure.Error{Kind: failure.Refused, Provider: sunshine.Provider, Operation: op, Code: resp.Status, Message: msg,
			Hint: "do not pay yet: run `" + again + "` again later; it sends the payment check again"}
	}
	if s.payChecked() {
		return nil
	}
	var missing []string
	if s.PayAmount <= 0 {
		missing = append(missing, "amount to pay (Order/Premium)")
	}
	for _, so := range s.SubOrders {
		if so.Premium == "" {
			missing = append(missing, "Premium for the "+so.Type+" sub-order")
		}
	}
	return &failure.Error{Kind: failure.Verification, Provider: sunshine.Provider, Operation: op,
		Message: fmt.Sprintf("the payment check (125) answered success (status 100) but gave no %s; 130 was not sent", strings.Join(missing, " and ")),
		Hint:    fmt.Sprintf("do not pay yet: run `%s` again, which sends the payment check again, or ask Sunshine about order %s (SessionId %s)", again, s.TBOrderID, s.ID)}
}

// checkSessionOrder refuses, before anything is sent, a 125, 130 or 135
// of an underwritten session that names another order than the one 120
// gave it: the order is fixed at underwriting, and an answer for another
// would be merged into this session and paid or issued by `issue`.
func (s *Session) checkSessionOrder(spec sunshine.RequestSpec) error {
	switch spec.Transaction {
	case sunshine.TxnPaymentCheck, sunshine.TxnIssue, sunshine.TxnDelivery:
	default:
		return nil
	}
	if s.TBOrderID == "" {
		return nil
	}
	var why string
	if spec.Order != nil {
		why = s.foreignOrder(spec.Order)
	}
	if p := spec.Payment; why == "" && p != nil && p.TBOrderID != "" && p.TBOrderID != s.TBOrderID {
		why = "its Payment names TBOrderId " + p.TBOrderID
	}
	if why == "" {
		return nil
	}
	return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: spec.Transaction.Operation(),
		Message: fmt.Sprintf("session %s was underwritten as order %s (%s), but %s; nothing was sent", s.ID, s.TBOrderID, s.describeOrder(), why),
		Hint:    "name the session's own order, or send it without --session; `insure issue --provider sunshine --session " + s.ID + " --yes` builds the right one"}
}

// foreignOrder says how o differs from the session's underwritten order
// ("" when it does not): another TBOrderId, a sub-order type or sub-order
// TBOrderId the session does not have, a proposal number that is not one
// of the session's (as a set, as the client compares answers: the
// manual's 130 answer gives both sub-orders the biz proposal number).
func (s *Session) foreignOrder(o *sunshine.Order) string {
	if o.TBOrderID != "" && o.TBOrderID != s.TBOrderID {
		return "it names TBOrderId " + o.TBOrderID
	}
	proposals := s.ProposalNos()
	for _, so := range o.SubOrders {
		var mine *sunshine.SubOrder
		for i := range s.SubOrders {
			if strings.EqualFold(s.SubOrders[i].Type, so.Type) {
				mine = &s.SubOrders[i]
			}
		}
		switch {
		case mine == nil:
			return "it names a " + orNone(so.Type) + " sub-order, which the session does not have"
		case so.TBOrderID != "" && mine.TBOrderID != "" && so.TBOrderID != mine.TBOrderID:
			return "its " + so.Type + " sub-order has TBOrderId " + so.TBOrderID
		case so.ProposalNo != "" && len(proposals) > 0 && !slices.Contains(slices.Collect(maps.Values(proposals)), so.ProposalNo):
			return "its " + so.Type + " sub-order has ProposalNo " + so.ProposalNo
		}
	}
	return ""
}

// describeOrder lists the session's sub-orders with their proposals.
func (s *Session) describeOrder() string {
	var parts []string
	for _, so := range s.SubOrders {
		parts = append(parts, so.Type+" "+orNone(so.TBOrderID)+" proposal "+orNone(so.ProposalNo))
	}
	if len(parts) == 0 {
		return "no sub-order"
	}
	return strings.Join(parts, ", ")
}
