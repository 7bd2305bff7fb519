package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// savedWithGifts quotes a session and saves its premium (115), which
// offers the gifts.
func savedWithGifts(t *testing.T, p *platform, sessions purchase.SessionStore) *purchase.Flow {
	t.Helper()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	if err := fl.Change(context.Background(), "luxury", nil); err != nil {
		t.Fatal(err)
	}
	if len(fl.Session.Gifts) != 2 || fl.Session.GiftBudget == "" {
		t.Fatalf("gifts %+v budget %q", fl.Session.Gifts, fl.Session.GiftBudget)
	}
	return fl
}

// In a script gifts are one answer, by id or name with a count (and the
// mobile number a phone top-up needs); 120 gets the four lists lined up.
func TestGiftsInAScript(t *testing.T) {
	p := newPlatform(t)
	fl := savedWithGifts(t, p, purchase.NewMemoryStore())
	fuel, phone := fl.Session.Gifts[0], fl.Session.Gifts[1]

	for _, bad := range []struct{ answer, want string }{
		{"nosuchgift:1", "not a gift"},
		{phone.ID + ":1", "mobile number"},
		{fuel.Name + ":999", "at most"},
	} {
		n := len(p.transactions())
		err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true}, answers(t, append(peopleAnswers, "gifts="+bad.answer)...))
		if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), bad.want) || len(p.transactions()) != n {
			t.Fatalf("%s: %v (sent %v)", bad.answer, err, p.transactions()[n:])
		}
	}
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true},
		answers(t, append(peopleAnswers, "gifts="+fuel.Name+":1,"+phone.ID+":1:13800000000")...))
	if err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "120")
	if in["pkIdEncryptions"] != fuel.ID+","+phone.ID || in["prepresentnums"] != "1,1" || in["prePhoneNos"] != ",13800000000" || in["preAccountNumbers"] != "," {
		t.Fatalf("120 gifts %v", in)
	}
}

// On a terminal the gifts are offered as a choice, then how many.
func TestGiftsOnATerminal(t *testing.T) {
	p := newPlatform(t)
	fl := savedWithGifts(t, p, purchase.NewMemoryStore())
	fuel := fl.Session.Gifts[0]
	asker := &scriptedAsker{chosen: []string{fuel.ID}, values: map[string]string{fuel.ID + ".count": "2"}}
	for _, kv := range peopleAnswers {
		k, v, _ := strings.Cut(kv, "=")
		asker.values[k] = v
	}
	fl.Asker = asker
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true}, nil); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "120")
	if in["pkIdEncryptions"] != fuel.ID || in["prepresentnums"] != "2" {
		t.Fatalf("120 gifts %v (asked %v)", in, asker.asked)
	}
}
