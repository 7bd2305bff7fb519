package sandbox

import (
	"strconv"
	"time"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// issueMissing lists what 130's table marks required and the request
// lacks (or gives in the wrong format): every Payment field but the two
// Alipay buyer fields, the order's premium, and each sub-order's order
// number, proposal number, premium and product id.
func issueMissing(o *sun.Order, p *sun.Payment) []string {
	var bad []string
	need := func(name, v string) {
		if v == "" {
			bad = append(bad, name)
		}
	}
	need("Payment.TBOrderId", p.TBOrderID)
	need("Payment.PayOrderId", p.PayOrderID)
	need("Payment.CheckPayNo", p.CheckPayNo)
	need("Payment.PayType", p.PayType)
	need("Payment.PartnerId", p.PartnerID)
	need("Payment.PayMoney", p.PayMoney)
	if _, err := time.Parse("2006-01-02 15:04:05", p.PayTime); err != nil {
		bad = append(bad, "Payment.PayTime(yyyy-MM-dd HH:mm:ss)")
	}
	// The table says yyyy-MM-dd, the example a whole time: take either.
	if _, err := time.Parse("2006-01-02", p.AccountDate); err != nil {
		if _, err := time.Parse("2006-01-02 15:04:05", p.AccountDate); err != nil {
			bad = append(bad, "Payment.AccountDate(yyyy-MM-dd)")
		}
	}
	if o == nil {
		return append(bad, "Order")
	}
	need("Order.TBOrderId", o.TBOrderID)
	need("Order.Premium", o.Premium)
	if len(o.SubOrders) == 0 {
		bad = append(bad, "Order.SubOrderList")
	}
	for _, so := range o.SubOrders {
		pre := "SubOrder[" + so.Type + "]."
		need(pre+"TBOrderId", so.TBOrderID)
		need(pre+"ProposalNo", so.ProposalNo)
		need(pre+"Premium", so.Premium)
		need(pre+"ItemId", so.ItemID)
	}
	return bad
}

// issuePremiums checks the premiums 130 reports against what 125 asked.
func (c *call) issuePremiums(o *sun.Order) string {
	if o.Premium != strconv.FormatInt(c.s.Quote.Total, 10) {
		return "订单保费" + o.Premium + "分与应缴保费不符"
	}
	want := map[string]string{}
	for _, so := range c.s.SubOrders {
		want[so.Type] = so.Premium
	}
	for _, so := range o.SubOrders {
		if so.Premium != want[so.Type] {
			return "子订单保费不符：" + so.Type + " " + so.Premium
		}
	}
	return ""
}
