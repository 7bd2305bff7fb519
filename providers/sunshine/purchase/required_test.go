package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// 100 carries the partner's codes the inputs table marks not nullable;
// an answer overrides the profile and goes to 100 itself.
func TestBasicInfoCarriesThePartnerCodes(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	if err := fl.Start(context.Background(), "", answers(t, append(vehicleAnswers, "spsource=P05-MINE")...)); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "100")
	if in["spsource"] != "P05-MINE" || in["netcampaignno"] != "Net" || in["agentCode"] != "W03210001" {
		t.Fatalf("100 inputs %v", in)
	}

	// Neither in the profile nor given: exit 2 naming both, nothing sent.
	p2 := newPlatform(t)
	fl = p2.flow(t, purchase.NewMemoryStore())
	fl.Client.SpSource, fl.Client.NetCampaignNo = "", ""
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "spsource") || !strings.Contains(err.Error(), "netcampaignno") {
		t.Fatalf("%v", err)
	}
	if n := len(p2.transactions()); n != 0 {
		t.Fatalf("sent %d requests", n)
	}
}

// 130 carries every field its table marks required. A 125 answer with an
// empty PayNo (as in the manual) and no --check-pay-no stops before 130;
// so does a missing partner id, before anything at all.
func TestIssueSendsEveryRequiredField(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")

	fl.Client.PartnerID = ""
	n := len(p.transactions())
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true}, answers(t, peopleAnswers...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "PartnerId") || len(p.transactions()) != n {
		t.Fatalf("no partner id: %v, sent %v", err, p.transactions()[n:])
	}

	err = fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PartnerID: "2088000000000001", TestPayNo: true}, answers(t, peopleAnswers...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "CheckPayNo") || !strings.Contains(err.Error(), "--check-pay-no") {
		t.Fatalf("empty PayNo: %v", err)
	}
	if tx := p.transactions(); tx[len(tx)-1] != "125" {
		t.Fatalf("sent %v", tx)
	}

	// Continued with the number: 130 has it all.
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PartnerID: "2088000000000001", CheckPayNo: "B5000M1", TestPayNo: true}, answers(t)); err != nil {
		t.Fatal(err)
	}
	_, body := p.sent(t, "130")
	for _, want := range []string{"<PartnerId>2088000000000001</PartnerId>", "<CheckPayNo>B5000M1</CheckPayNo>", "<PayType>01</PayType>",
		"<Premium>542975</Premium>", "<Premium>411975</Premium>", "<Premium>131000</Premium>", "<ItemId>2000036117417</ItemId>"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("130 lacks %s:\n%s", want, body)
		}
	}
}
