package sunshine

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// ErrPolicyMissing is wrapped by the error for a 130 answer that reports
// the order issued (status 100) but gives no PolicyNo for a sub-order the
// request asked to issue. The answer itself is trusted and comes back
// with the error: the policies it names exist, the others may or may not.
var ErrPolicyMissing = errors.New("a sub-order has no policy number")

// sentOrderID is the partner's order number a request names: its Order's
// TBOrderId, or its Payment's when it has no Order.
func sentOrderID(req *RequestBody) string {
	switch {
	case req == nil:
		return ""
	case req.Order != nil && req.Order.TBOrderID != "":
		return req.Order.TBOrderID
	case req.Payment != nil:
		return req.Payment.TBOrderID
	}
	return ""
}

// orderCheck refuses a signed answer whose Order is not the one the
// request names: another TBOrderId, a sub-order whose TBOrderId is not
// the request's of that type, a sub-order type the request did not have,
// or a ProposalNo the request did not name. The signature says the
// platform wrote it, not that it answers this request (the header that
// would tie the two is unsigned). ProposalNos are compared as a set: the
// manual's own 130 answer gives the force sub-order the biz proposal
// number, and that slip does not make it another order.
func orderCheck(op, sessionID string, req *RequestBody, r *Response) error {
	if r.Order == nil || req == nil {
		return nil
	}
	sent := sentOrderID(req)
	bad := func(format string, args ...any) error {
		return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
			Message: "the answer is for another order: " + fmt.Sprintf(format, args...),
			Hint: fmt.Sprintf("the answer was not trusted: send the same request again (SessionId %s), or ask Sunshine about order %s",
				orNone(sessionID), orNone(sent))}
	}
	if got := r.Order.TBOrderID; got != "" && sent != "" && got != sent {
		return bad("it names TBOrderId %s, the request %s", got, sent)
	}
	if req.Order == nil || len(req.Order.SubOrders) == 0 {
		return nil
	}
	var proposals []string
	for _, s := range req.Order.SubOrders {
		if s.ProposalNo != "" {
			proposals = append(proposals, s.ProposalNo)
		}
	}
	for _, a := range r.Order.SubOrders {
		q, ok := subOrder(req.Order, a.Type)
		if !ok {
			return bad("it names a %s sub-order, which the request did not have", orNone(a.Type))
		}
		if a.TBOrderID != "" && q.TBOrderID != "" && a.TBOrderID != q.TBOrderID {
			return bad("its %s sub-order has TBOrderId %s, the request's %s", a.Type, a.TBOrderID, q.TBOrderID)
		}
		if a.ProposalNo != "" && len(proposals) > 0 && !slices.Contains(proposals, a.ProposalNo) {
			return bad("its %s sub-order has ProposalNo %s, the request named %s", a.Type, a.ProposalNo, strings.Join(proposals, ", "))
		}
	}
	return nil
}

// subOrder finds an order's sub-order of one type (biz, force).
func subOrder(o *Order, typ string) (SubOrder, bool) {
	if o == nil {
		return SubOrder{}, false
	}
	for _, s := range o.SubOrders {
		if strings.EqualFold(s.Type, typ) {
			return s, true
		}
	}
	return SubOrder{}, false
}

// policyCheck flags a 130 answer of status 100 without a PolicyNo for
// every sub-order the request asked to issue (for any policy at all when
// the request listed none). The response stays good to show: the error
// wraps ErrPolicyMissing and says which policies came back.
func policyCheck(op, sessionID string, req *RequestBody, r *Response) error {
	var missing []string
	var want []SubOrder
	if req != nil && req.Order != nil {
		want = req.Order.SubOrders
	}
	for _, q := range want {
		if a, ok := subOrder(r.Order, q.Type); !ok || a.PolicyNo == "" {
			missing = append(missing, describeSubOrder(q))
		}
	}
	if len(want) == 0 && len(r.PolicyNos()) == 0 {
		missing = append(missing, "the order")
	}
	if len(missing) == 0 {
		return nil
	}
	issued := "no policy"
	if r.Order != nil {
		var got []string
		for _, a := range r.Order.SubOrders {
			if a.PolicyNo != "" {
				got = append(got, a.Type+" policy "+a.PolicyNo)
			}
		}
		if len(got) > 0 {
			issued = strings.Join(got, ", ")
		}
	}
	return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op, Unknown: true, Err: ErrPolicyMissing,
		Message: fmt.Sprintf("the platform answered success (status 100) but gave no PolicyNo for %s, which the request asked to issue; it issued: %s",
			strings.Join(missing, " and "), issued),
		Hint: fmt.Sprintf("do not pay or issue this order again: ask Sunshine whether that policy exists (SessionId %s, order %s)", sessionID, orNone(sentOrderID(req)))}
}

// describeSubOrder names a sub-order as the request sent it.
func describeSubOrder(s SubOrder) string {
	d := "sub-order " + orNone(s.Type)
	var ids []string
	if s.TBOrderID != "" {
		ids = append(ids, "TBOrderId "+s.TBOrderID)
	}
	if s.ProposalNo != "" {
		ids = append(ids, "ProposalNo "+s.ProposalNo)
	}
	if len(ids) > 0 {
		d += " (" + strings.Join(ids, ", ") + ")"
	}
	return d
}

// signedOrder says what the signed body of a verified answer tells about
// its order, for an answer whose status is not understood: the person can
// see whether the policies exist.
func signedOrder(r *Response) string {
	if r.Order == nil {
		return "its signed body names no order"
	}
	var parts []string
	for _, s := range r.Order.SubOrders {
		p := orNone(s.Type) + " policy " + orNone(s.PolicyNo)
		if s.ProposalNo != "" {
			p += " (proposal " + s.ProposalNo + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = append(parts, "no sub-order")
	}
	return fmt.Sprintf("its signed body names order %s: %s", orNone(r.Order.TBOrderID), strings.Join(parts, ", "))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
