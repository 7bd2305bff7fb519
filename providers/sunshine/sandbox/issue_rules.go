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
	// A value sent in another format is said to be that, not missing.
	if _, err := time.Parse("2006-01-02 15:04:05", p.PayTime); err != nil {
		bad = append(bad, formatted("Payment.PayTime", "yyyy-MM-dd HH:mm:ss", p.PayTime))
	}
	// The table says yyyy-MM-dd, the example a whole time: take either.
	if _, err := time.Parse("2006-01-02", p.AccountDate); err != nil {
		if _, err := time.Parse("2006-01-02 15:04:05", p.AccountDate); err != nil {
			bad = append(bad, formatted("Payment.AccountDate", "yyyy-MM-dd", p.AccountDate))
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

// payCheckMissing lists what 125's table (3.12.1) names for each
// sub-order beyond its order number and the request lacks: the proposal
// number 120 gave and the partner's product id. The manual's own 125
// example sends neither; the table is the rule, as for 130.
func payCheckMissing(o *sun.Order) []string {
	var bad []string
	for _, so := range o.SubOrders {
		pre := "SubOrder[" + so.Type + "]."
		if so.ProposalNo == "" {
			bad = append(bad, pre+"ProposalNo")
		}
		if so.ItemID == "" {
			bad = append(bad, pre+"ItemId")
		}
	}
	return bad
}

// accountDateMismatch says why 130's AccountDate is not the day of its
// PayTime, or "": the table (3.15) gives the accounting date as the
// payment's date. Only the date is compared, since the manual's example
// writes a whole time there. Both are known to be well formed here.
func accountDateMismatch(p *sun.Payment) string {
	if day := p.PayTime[:len("2006-01-02")]; p.AccountDate[:len(day)] != day {
		return "账务日期AccountDate须与支付日期相同：AccountDate " + p.AccountDate + "，PayTime " + p.PayTime
	}
	return ""
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

// formatted names a date field in issueMissing: missing, or sent in
// another format than layout.
func formatted(name, layout, got string) string {
	if got == "" {
		return name + "(" + layout + ")"
	}
	return name + "(格式须为 " + layout + "，收到 " + got + ")"
}
