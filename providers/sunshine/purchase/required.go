package purchase

import (
	"fmt"
	"strconv"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// basicInfoCodes are the partner's codes the 100 inputs table marks as
// not nullable: an answer (--set spsource=...) wins over the profile.
// Missing ones are exit 2, before anything is sent.
func (f *Flow) basicInfoCodes(answers *Answers) ([]sunshine.Input, error) {
	var out []sunshine.Input
	var bad []failure.FieldError
	for _, k := range []struct{ key, setting, profile string }{
		{"spsource", "spsource", f.Client.SpSource},
		{"netcampaignno", "netcampaignno", f.Client.NetCampaignNo},
	} {
		v, ok := answers.Lookup("vehicleInfo", k.key)
		if !ok {
			v = k.profile
		}
		if v == "" {
			bad = append(bad, failure.FieldError{Field: k.key,
				Rule:    "required by 100: the partner code agreed with Sunshine",
				Example: "set " + k.setting + " in the profile's sunshine section, or --set " + k.key + "=CODE"})
			continue
		}
		out = append(out, sunshine.Input{Name: k.key, Value: v})
	}
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnBasicInfo.Operation(), bad...)
		e.Message = fmt.Sprintf("%d field(s) that 100 requires are not set; nothing was sent", len(bad))
		return nil, e
	}
	return out, nil
}

// checkIssueIDs refuses, before anything is sent, an issue that would
// send 130 without the ids the manual marks required and only the
// partner knows: PartnerId and ItemId.
func (f *Flow) checkIssueIDs(req *IssueRequest) error {
	if req.PartnerID == "" {
		req.PartnerID = f.Client.PartnerID
	}
	if req.ItemID == "" {
		req.ItemID = f.Client.ItemID
	}
	var bad []failure.FieldError
	if req.PartnerID == "" {
		bad = append(bad, failure.FieldError{Field: "PartnerId", Rule: "required by 130: the payment partner's id (with PayType 01, Sunshine's Alipay account id); pass --partner-id or set partner-id in the profile"})
	}
	if req.ItemID == "" {
		bad = append(bad, failure.FieldError{Field: "ItemId", Rule: "required by 130 on every sub-order: your product id; pass --item-id or set item-id in the profile"})
	}
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnIssue.Operation(), bad...)
		e.Message = fmt.Sprintf("%d field(s) that 130 requires are not set; nothing was sent", len(bad))
		return e
	}
	return nil
}

// issueOrder is the order 130 reports: the amount and each sub-order's
// premium from the payment check (125), and the product id. Anything the
// manual requires that is still empty is exit 2 before 130 is sent.
func (f *Flow) issueOrder(req IssueRequest, pay *sunshine.Payment) (*sunshine.Order, error) {
	s := f.Session
	o := order(s, false)
	var bad []failure.FieldError
	if s.PayAmount > 0 {
		o.Premium = strconv.FormatInt(s.PayAmount, 10)
	} else {
		bad = append(bad, failure.FieldError{Field: "Order.Premium", Rule: "the payment check (125) gave no amount; the same issue command sends it again"})
	}
	for i := range o.SubOrders {
		o.SubOrders[i].ItemID = req.ItemID
		for _, so := range s.SubOrders {
			if so.Type == o.SubOrders[i].Type {
				o.SubOrders[i].Premium = so.Premium
			}
		}
		if o.SubOrders[i].Premium == "" {
			bad = append(bad, failure.FieldError{Field: "SubOrder[" + o.SubOrders[i].Type + "].Premium", Rule: "the payment check (125) gave no premium for it"})
		}
	}
	if pay.CheckPayNo == "" {
		bad = append(bad, failure.FieldError{Field: "CheckPayNo",
			Rule:    "required by 130: the payment's serial number; the payment check (125) answered an empty PayNo, so pass --check-pay-no",
			Example: "--check-pay-no B5000M386466139260786"})
	}
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnIssue.Operation(), bad...)
		e.Message = fmt.Sprintf("%d field(s) that 130 requires are missing; 130 was not sent", len(bad))
		e.Hint = "the session is saved after the payment check: run `insure sunshine issue --session " + s.ID + " --check-pay-no NO --yes` with what is missing"
		return nil, e
	}
	return o, nil
}
