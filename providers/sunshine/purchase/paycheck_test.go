package purchase_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The payment check's table (3.12.1) lists TBOrderId, ProposalNo and
// ItemId: every sub-order of a 125 names the partner's product id, as in
// 130.
func TestPaymentCheckSendsItemIdOnEverySubOrder(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, ItemID: "26790524332", CheckPayNo: "B5000M1", TestPayNo: true},
		answers(t, peopleAnswers...)); err != nil {
		t.Fatal(err)
	}
	_, body := p.sent(t, "125")
	subs := regexp.MustCompile(`(?s)<SubOrder type="(biz|force)">(.*?)</SubOrder>`).FindAllSubmatch(body, -1)
	if len(subs) != 2 {
		t.Fatalf("125 sub-orders:\n%s", body)
	}
	for _, so := range subs {
		for _, want := range []string{`<TBOrderId>TB` + fl.Session.ID, `<ProposalNo>T`, `<ItemId>26790524332</ItemId>`} {
			if !regexp.MustCompile(regexp.QuoteMeta(want)).Match(so[2]) {
				t.Errorf("125 sub-order %s lacks %s:\n%s", so[1], want, so[2])
			}
		}
	}
}
