package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// choosyAsker picks, for each title prefix, the next value of its list:
// a person who first chooses a province the look-up lists nothing under.
type choosyAsker struct {
	pickingAsker
	seq map[string][]string
}

func (a *choosyAsker) Pick(ctx context.Context, title string, opts []sunshine.Option) (int, error) {
	a.titles = append(a.titles, title)
	for prefix, vs := range a.seq {
		if strings.HasPrefix(title, prefix) && len(vs) > 0 {
			a.seq[prefix] = vs[1:]
			for i, op := range opts {
				if op.Value == vs[0] {
					return i, nil
				}
			}
		}
	}
	return 0, nil
}

// A province with nothing listed under it (the sandbox lists cities of
// 11, 13 and 44 only) is asked again, saying why. It ended the purchase
// with exit 4, "the look-up for 车籍地 (carPlace) found nothing", after
// every other answer had been given.
func TestGuidedLookUpAsksAgainUnderAnEmptyChoice(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	asker := &choosyAsker{seq: map[string][]string{"省份": {"12", "44"}, "城市": {"4401"}, "区县": {"440106"},
		"车籍地 (carPlace): province": {"12", "44"}}}
	asker.search = "Bora"
	asker.values = map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321", "firstRegisterDate": "2020-05-06",
		"ownerIdNo": "440106198001011230", "specialCarFlag": "0"}
	fl := p.flow(t, sessions)
	fl.Session, fl.Asker = newSession("07518800"), asker
	if err := fl.Start(context.Background(), "", nil); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"insuredName", "applicantName", "addresseeName", "addresseeDetails", "insuredaddresseeDetails"} {
		asker.values[k] = "张三"
	}
	for _, k := range []string{"insuredIdNo", "applicantIdNo"} {
		asker.values[k] = "440106198001011230"
	}
	for _, k := range []string{"insuredMobile", "applicantMobile", "addresseeMobile"} {
		asker.values[k] = "13800000000"
	}
	for _, k := range []string{"insuredEmail", "applicantEmail", "ownerEmail"} {
		asker.values[k] = "zhang.san@example.com"
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true}, nil); err != nil {
		t.Fatalf("%v (asked %q)", err, asker.titles)
	}
	in, _ := p.sent(t, "120")
	if in["addresseeProvince"] != "44" || in["addresseeCity"] != "4401" || in["addresseeTown"] != "440106" || !strings.HasPrefix(in["carPlace"], "44") {
		t.Fatalf("120 %v (asked %q)", in, asker.titles)
	}
	titles := strings.Join(asker.titles, "|")
	if strings.Count(titles, "nothing is listed under 天津") != 2 {
		t.Fatalf("the second asking does not say why: %q", asker.titles)
	}
}
