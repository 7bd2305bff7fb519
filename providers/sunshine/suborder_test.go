package sunshine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The 125 and 130 tables (3.12, 3.15) name the partner's order number
// three times: the order's and each sub-order's. A payment check or an
// issue whose sub-order carries another order number than 120 gave, or
// none, is not that order's: the sandbox refuses it (400), as it refuses
// another order number for the whole order. Required lists them for 125,
// so insure api refuses their absence before sending.
func TestPaymentCheckAndIssueNeedTheSubOrdersOrderNumbers(t *testing.T) {
	var fields []string
	for _, r := range sunshine.Required()[sunshine.TxnPaymentCheck].Items {
		fields = append(fields, r.Field)
	}
	if strings.Join(fields, " ") != "order.tbOrderId order.subOrders[].tbOrderId" {
		t.Errorf("Required 125: %v", fields)
	}

	p := newPlatform(t)
	c := p.client(t)
	sid := start(t, c, "08512200")
	send(t, c, sunshine.RequestSpec{Transaction: "110", SessionID: sid, InputsList: requote()})
	props := send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people("13900139000"), Order: order(nil)}).ProposalNos()

	refused := func(txn sunshine.Transaction, o *sunshine.Order, pay *sunshine.Payment, what string) {
		t.Helper()
		_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: txn, SessionID: sid, Order: o, Payment: pay})
		if failure.KindOf(err) != failure.Refused || !strings.Contains(err.Error(), "子订单号") {
			t.Errorf("%s with %s: %v", txn, what, err)
		}
	}
	for _, tc := range []struct{ what, id string }{{"another sub-order number", "TB-OTHER"}, {"no sub-order number", ""}} {
		o := order(props)
		o.SubOrders[1].TBOrderID = tc.id
		refused(sunshine.TxnPaymentCheck, o, nil, tc.what)
	}
	send(t, c, sunshine.RequestSpec{Transaction: "125", SessionID: sid, Order: order(props)})

	pay := &sunshine.Payment{TBOrderID: "TB2026030200001", PayOrderID: "2026030200001", CheckPayNo: "B5000M386466139260786",
		PayType: "01", PartnerID: "2088601078742391", PayTime: "2026-03-02 10:05:00", PayMoney: "542975", AccountDate: "2026-03-02"}
	paid := func() *sunshine.Order {
		o := order(props)
		o.Premium = "542975"
		for i := range o.SubOrders {
			o.SubOrders[i].ItemID = sandbox.TestItemID
			o.SubOrders[i].Premium = map[string]string{"biz": "411975", "force": "131000"}[o.SubOrders[i].Type]
		}
		return o
	}
	other := paid()
	other.SubOrders[0].TBOrderID = "TB-OTHER"
	refused(sunshine.TxnIssue, other, pay, "another sub-order number")
	if pols := send(t, c, sunshine.RequestSpec{Transaction: "130", SessionID: sid, Order: paid(), Payment: pay}).PolicyNos(); len(pols) != 2 {
		t.Errorf("130 policies %v", pols)
	}
}
