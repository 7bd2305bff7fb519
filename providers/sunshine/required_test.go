package sunshine_test

import (
	"context"
	"slices"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// What Required lists for 120 and 135 (their tables, 3.10.1 and 3.11.1:
// the three e-mail addresses and the delivery date among them) is what
// the sandbox, as strict as the manual, will not take without: a 120
// lacking an input is answered with a form asking for it, a 135 or a 120
// lacking its order is refused. The examples carry it all.
func TestRequiredUnderwritingAndDeliveryAreWhatTheSandboxAsks(t *testing.T) {
	for _, txn := range []sunshine.Transaction{sunshine.TxnUnderwrite, sunshine.TxnDelivery} {
		keys := map[string]bool{}
		for _, r := range sunshine.Required()[txn].Items {
			keys[r.Input] = true
		}
		for _, k := range []string{"addresseeName", "sendDate", "addresseeDetails", "insuredaddresseeDetails"} {
			if !keys[k] {
				t.Errorf("%s: %s not required", txn, k)
			}
		}
		if txn == sunshine.TxnUnderwrite && (!keys["insuredEmail"] || !keys["applicantEmail"] || !keys["ownerEmail"]) {
			t.Errorf("120: the e-mail addresses are not required")
		}
	}

	p := newPlatform(t)
	c := p.client(t)
	sid := start(t, c, "08512200")
	send(t, c, sunshine.RequestSpec{Transaction: "110", SessionID: sid, InputsList: requote()})
	for _, r := range sunshine.Required()[sunshine.TxnUnderwrite].Items {
		spec := loadExample(t, "120")
		spec.SessionID = sid
		if r.Input != "" {
			for gi := range spec.InputsList {
				g := &spec.InputsList[gi]
				g.Inputs = slices.DeleteFunc(g.Inputs, func(in sunshine.Input) bool { return in.Name == r.Input })
			}
		} else if r.Field == "order.tbOrderId" {
			spec.Order.TBOrderID = ""
		} else {
			spec.Order.SubOrders[0].TBOrderID = ""
		}
		resp, err := c.Send(context.Background(), spec)
		switch {
		case r.Input != "" && (err != nil || !resp.NeedsInput() || !slices.ContainsFunc(resp.TagsList, func(g sunshine.Tags) bool {
			return slices.ContainsFunc(g.Tags, func(tg sunshine.Tag) bool { return tg.Key() == r.Input })
		})):
			t.Errorf("120 without %s: not asked for it (%v)", r.Input, err)
		case r.Input == "" && failure.KindOf(err) != failure.Refused:
			t.Errorf("120 without %s: %v", r.Field, err)
		}
	}
	send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, InputsList: loadExample(t, "120").InputsList, Order: loadExample(t, "120").Order})
	for _, r := range sunshine.Required()[sunshine.TxnDelivery].Items {
		spec := loadExample(t, "135")
		spec.SessionID = sid
		g := &spec.InputsList[0]
		g.Inputs = slices.DeleteFunc(g.Inputs, func(in sunshine.Input) bool { return in.Name == r.Input })
		if _, err := c.Send(context.Background(), spec); failure.KindOf(err) != failure.Refused {
			t.Errorf("135 without %s: %v", r.Input, err)
		}
	}
}
