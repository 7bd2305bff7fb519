package sandbox_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
)

// underwriting is the 120 of a purchase whose people and delivery lack
// what kv leaves out (KEY "" drops it) or replaces.
func underwriting(kv ...string) []sun.Inputs {
	groups := []sun.Inputs{
		in("insuredInfo", "insuredName", "王五", "insuredIdNo", "440106198001011230", "insuredMobile", "13800138000", "insuredEmail", "wang.wu@example.com"),
		in("applicantInfo", "applicantName", "王五", "applicantIdNo", "440106198001011230", "applicantMobile", "13800138000", "applicantEmail", "wang.wu@example.com"),
		in("ownerInfo", "ownerName", "王五", "ownerIdNo", "440106198001011230", "ownerMobile", "13800138000", "ownerEmail", "wang.wu@example.com"),
		in("deliverInfo", "addresseeName", "王五", "addresseeMobile", "13800138000", "sendDate", "2026-03-03", "addresseeProvince", "44",
			"addresseeCity", "4401", "addresseeTown", "440106", "addresseeDetails", "广州", "insuredaddresseeDetails", "广州"),
		in("CarThroughCity", "carPlace", "440100"),
	}
	for i := 0; i+1 < len(kv); i += 2 {
		for gi := range groups {
			var keep []sun.Input
			for _, x := range groups[gi].Inputs {
				if x.Name == kv[i] {
					if kv[i+1] == "" {
						continue
					}
					x.Value = kv[i+1]
				}
				keep = append(keep, x)
			}
			groups[gi].Inputs = keep
		}
	}
	return groups
}

// 120's table (3.10.1) marks the three people's e-mail addresses and the
// delivery date (sendDate, YYYY-MM-DD) not nullable: missing, or the date
// malformed, they come back as a 200 form asking for just those; given,
// underwriting goes on. 135's table (3.11.1) needs the date too.
func TestUnderwritingNeedsEmailsAndDeliveryDate(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, _ := opened(t, c, "08512200", false)
	must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("forceFlag", "0")}})
	order := &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}}}

	r := must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, Order: order,
		InputsList: underwriting("insuredEmail", "", "applicantEmail", "", "ownerEmail", "", "sendDate", "")})
	var asked []string
	for _, g := range r.TagsList {
		for _, tg := range g.Tags {
			asked = append(asked, g.Type+"."+tg.Key()+":"+tg.Type())
		}
	}
	if !r.NeedsInput() || len(r.ProposalNos()) != 0 || strings.Join(asked, ",") !=
		"insuredInfo.insuredEmail:text,applicantInfo.applicantEmail:text,ownerInfo.ownerEmail:text,deliverInfo.sendDate:date" {
		t.Fatalf("120 without e-mails and date: %s %v", r.Status, asked)
	}
	if !strings.Contains(r.Message(), "邮箱") || !strings.Contains(r.Message(), "配送日期") {
		t.Errorf("message %q", r.Message())
	}

	r = must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, Order: order, InputsList: underwriting("sendDate", "2026/03/03")})
	if !r.NeedsInput() || len(r.TagsList) != 1 || len(r.TagsList[0].Tags) != 1 || r.TagsList[0].Tags[0].Key() != "sendDate" {
		t.Fatalf("120 with a malformed date: %s %+v", r.Status, r.TagsList)
	}

	r = must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, Order: order, InputsList: underwriting()})
	if r.Status != "100" || len(r.ProposalNos()) != 1 {
		t.Fatalf("120 complete: %s %s", r.Status, r.Message())
	}

	delivery := underwriting("sendDate", "")[3]
	if _, err := c.Send(t.Context(), sun.RequestSpec{Transaction: "135", SessionID: sid, InputsList: []sun.Inputs{delivery}}); err == nil ||
		!strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), "配送日期") {
		t.Errorf("135 without the date: %v", err)
	}
	must(t, c, sun.RequestSpec{Transaction: "135", SessionID: sid, InputsList: underwriting("sendDate", "2026-03-05")[3:4]})
}
