package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// pickingAsker is a person at a terminal who searches and picks from the
// look-ups' lists.
type pickingAsker struct {
	scriptedAsker
	search string
	picks  map[string]string // title prefix -> option value to pick
	titles []string
}

func (a *pickingAsker) Search(_ context.Context, title, _ string) (string, error) {
	a.titles = append(a.titles, title)
	return a.search, nil
}

func (a *pickingAsker) Pick(_ context.Context, title string, opts []sunshine.Option) (int, error) {
	a.titles = append(a.titles, title)
	for prefix, v := range a.picks {
		if strings.HasPrefix(title, prefix) {
			for i, op := range opts {
				if op.Value == v {
					return i, nil
				}
			}
		}
	}
	return 0, nil
}

// On a terminal the model is searched and picked (the hidden vehicleId
// is never typed), and the address and registration place are chosen
// level by level from the look-ups.
func TestGuidedLookUps(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	asker := &pickingAsker{search: "Bora", picks: map[string]string{"Vehicle model": "FVAABD0102",
		"省份": "13", "城市": "1301", "区县": "130104", "车籍地 (carPlace): province": "13", "车籍地 (carPlace)": "130400"}}
	asker.values = map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321", "firstRegisterDate": "2020-05-06",
		"ownerIdNo": "440106198001011230", "specialCarFlag": "0"}
	fl := p.flow(t, sessions)
	fl.Session, fl.Asker = newSession("07518800"), asker
	if err := fl.Start(context.Background(), "", nil); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "105")
	if in["vehicleId"] != "FVAABD0102" || !strings.Contains(in["vehicleModelName"], "宝来") || in["seats"] != "5" {
		t.Fatalf("105 %v", in)
	}
	if strings.Contains(strings.Join(asker.asked, ","), "vehicleId") {
		t.Fatalf("vehicleId asked: %v", asker.asked)
	}

	for _, k := range []string{"insuredName", "insuredIdNo", "insuredMobile", "applicantName", "applicantIdNo", "applicantMobile",
		"addresseeName", "addresseeMobile", "addresseeDetails", "insuredaddresseeDetails"} {
		asker.values[k] = map[string]string{"insuredIdNo": "440106198001011230", "applicantIdNo": "440106198001011230"}[k]
		if strings.HasSuffix(k, "Mobile") {
			asker.values[k] = "13800000000"
		} else if asker.values[k] == "" {
			asker.values[k] = "张三"
		}
	}
	// The three e-mail addresses have no default: the platform's form asks.
	for _, k := range []string{"insuredEmail", "applicantEmail", "ownerEmail"} {
		asker.values[k] = "zhang.san@example.com"
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true}, nil); err != nil {
		t.Fatal(err)
	}
	in, _ = p.sent(t, "120")
	if in["addresseeProvince"] != "13" || in["addresseeCity"] != "1301" || in["addresseeTown"] != "130104" || in["carPlace"] != "130400" {
		t.Fatalf("120 %v (asked %v)", in, asker.titles)
	}
}

// In a script: a hand-typed vehicleId the catalogue lacks comes back as
// the platform's form; an ID number with no real birth date is exit 2
// naming it before anything is sent (the form's checkUrl applies the same
// rule, so it is never reached with one).
func TestLookUpRulesInAScript(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	sets := append(append([]string{}, vehicleAnswers...), "vehicleId=MADEUP0001")
	err := fl.Start(context.Background(), "", answers(t, sets...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "vehicleId") {
		t.Fatalf("%v", err)
	}

	p = newPlatform(t)
	fl = p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	sets = append(append([]string{}, vehicleAnswers...), "ownerIdNo=440106198013011234")
	err = fl.Start(context.Background(), "", answers(t, sets...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "ownerIdNo") || !strings.Contains(err.Error(), "身份证") {
		t.Fatalf("%v", err)
	}
	if tx := strings.Join(p.transactions(), ","); tx != "" {
		t.Fatalf("sent %s", tx)
	}
}
