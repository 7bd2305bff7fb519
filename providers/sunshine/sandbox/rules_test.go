package sandbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

func in(typ string, kv ...string) sun.Inputs {
	g := sun.Inputs{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		g.Inputs = append(g.Inputs, sun.Input{Name: kv[i], Value: kv[i+1]})
	}
	return g
}

// The documented refusals of each step, on one Guangzhou purchase that has
// reached 120.
func TestStepRules(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	ctx := context.Background()
	send := func(spec sun.RequestSpec) (*sun.Response, error) { return c.Send(ctx, spec) }
	must := func(spec sun.RequestSpec) *sun.Response {
		t.Helper()
		r, err := send(spec)
		if err != nil {
			t.Fatalf("%s: %v", spec.Transaction, err)
		}
		return r
	}

	if r := must(sun.RequestSpec{Transaction: "095", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "08512200", "noLicenseFlag", "1")}}); r.Status != "100" {
		t.Errorf("095 new car: %s", r.Status)
	}
	sid := must(sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "08512200",
		"noLicenseFlag", "1", "ownerName", "王五", "ownerMobile", "13800138000",
		"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}}).Header.SessionID
	must(sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{in("vehicleInfo",
		"vehicleFrameNo", "LSVAM4187C2184321", "engineNo", "E1", "vehicleId", "XDAAMD0068", "firstRegisterDate", "2025-12-01",
		"ownerName", "王五", "ownerIdNo", "440106198001011230", "packageType", "basic", "forceFlag", "0")}})

	tests := []struct {
		spec sun.RequestSpec
		want string // in the 400 message
	}{
		{sun.RequestSpec{Transaction: "110", InputsList: []sun.Inputs{in("", "packageType", "luxury")}}, "optional"},
		{sun.RequestSpec{Transaction: "115", InputsList: []sun.Inputs{in("", "packageType", "luxury")}}, "luxury"},
		{sun.RequestSpec{Transaction: "125"}, "顺序"},
		{sun.RequestSpec{Transaction: "126"}, "顺序"},
	}
	for _, tt := range tests {
		tt.spec.SessionID = sid
		_, err := send(tt.spec)
		if err == nil || !strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.spec.Transaction, err)
		}
	}

	people := []sun.Inputs{
		in("insuredInfo", "insuredName", "王五", "insuredIdNo", "440106198001011230", "insuredMobile", "13800138000", "insuredEmail", "wang.wu@example.com"),
		in("applicantInfo", "applicantName", "王五", "applicantIdNo", "440106198001011230", "applicantMobile", "13800138000", "applicantEmail", "wang.wu@example.com"),
		in("ownerInfo", "ownerName", "王五", "ownerIdNo", "440106198001011230", "ownerMobile", "13800138000", "ownerEmail", "wang.wu@example.com"),
		in("deliverInfo", "addresseeName", "王五", "addresseeMobile", "13800138000", "sendDate", "2026-03-02", "addresseeProvince", "44",
			"addresseeCity", "4401", "addresseeTown", "440106", "addresseeDetails", "广州", "insuredaddresseeDetails", "广州"),
		in("CarThroughCity", "carPlace", "440100"),
	}
	// basic without compulsory insurance: one biz sub-order only.
	bizOnly := &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}}}
	if _, err := send(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people}); err == nil || !strings.Contains(err.Error(), "Order") {
		t.Errorf("120 without order: %v", err)
	}
	withForce := &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}, {Type: "force", TBOrderID: "O3"}}}
	if _, err := send(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people, Order: withForce}); err == nil || !strings.Contains(err.Error(), "force") {
		t.Errorf("120 with a force sub-order not quoted: %v", err)
	}
	r := must(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people[:3], Order: bizOnly})
	if !r.NeedsInput() || r.TagsList[0].Type != "deliverInfo" || len(r.TagsList[0].Tags) != 8 {
		t.Fatalf("120 without delivery: %s %+v", r.Status, r.TagsList)
	}
	r = must(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people, Order: bizOnly})
	props := r.ProposalNos()
	if len(props) != 1 || r.IsIDVerify != "0" {
		t.Fatalf("120: %v %q", props, r.IsIDVerify)
	}
	if _, err := send(sun.RequestSpec{Transaction: "127", SessionID: sid, IssueCode: "138000"}); err == nil || !strings.Contains(err.Error(), "无需") {
		t.Errorf("127 outside Beijing: %v", err)
	}
	if _, err := send(sun.RequestSpec{Transaction: "135", SessionID: sid, InputsList: people[3:4]}); err != nil {
		t.Errorf("135: %v", err)
	}
	if _, err := send(sun.RequestSpec{Transaction: "135", SessionID: sid, InputsList: []sun.Inputs{in("deliverInfo", "addresseeName", "王五")}}); err == nil {
		t.Error("135 with a partial address accepted")
	}
	bizOnly.SubOrders[0].ProposalNo = props["biz"]
	if _, err := send(sun.RequestSpec{Transaction: "125", SessionID: sid, Order: bizOnly}); err == nil || !strings.Contains(err.Error(), "ItemId") {
		t.Errorf("125 without ItemId: %v, want a refusal naming ItemId", err)
	}
	bizOnly.SubOrders[0].ItemID = sandbox.TestItemID
	total := must(sun.RequestSpec{Transaction: "125", SessionID: sid, Order: bizOnly}).Order.Premium
	// basic, no compulsory: 148200 + 97200 + 22230 + 14580.
	if total != "282210" {
		t.Errorf("125 premium %s", total)
	}
	pay := &sun.Payment{TBOrderID: "O1", PayMoney: "1"}
	if _, err := send(sun.RequestSpec{Transaction: "130", SessionID: sid, Order: bizOnly, Payment: pay}); err == nil || !strings.Contains(err.Error(), "282210") {
		t.Errorf("130 with the wrong amount: %v", err)
	}
}

// 120's table (3.10.1) marks the owner's name, ID number, mobile and
// e-mail (ownerInfo) not nullable: missing or malformed, they come back as
// a 200 form of the ownerInfo group, prefilled with the owner the purchase
// has; given, underwriting goes on.
func TestUnderwritingNeedsTheOwner(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	ctx := context.Background()
	must := func(spec sun.RequestSpec) *sun.Response {
		t.Helper()
		r, err := c.Send(ctx, spec)
		if err != nil {
			t.Fatalf("%s: %v", spec.Transaction, err)
		}
		return r
	}
	sid := must(sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "08512200",
		"noLicenseFlag", "1", "ownerName", "王五", "ownerMobile", "13800138000",
		"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}}).Header.SessionID
	must(sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{in("vehicleInfo",
		"vehicleFrameNo", "LSVAM4187C2184321", "engineNo", "E1", "vehicleId", "XDAAMD0068", "firstRegisterDate", "2025-12-01",
		"ownerName", "王五", "ownerIdNo", "440106198001011230", "packageType", "basic", "forceFlag", "0")}})
	people := []sun.Inputs{
		in("insuredInfo", "insuredName", "王五", "insuredIdNo", "440106198001011230", "insuredMobile", "13800138000", "insuredEmail", "wang.wu@example.com"),
		in("applicantInfo", "applicantName", "王五", "applicantIdNo", "440106198001011230", "applicantMobile", "13800138000", "applicantEmail", "wang.wu@example.com"),
		in("deliverInfo", "addresseeName", "王五", "addresseeMobile", "13800138000", "sendDate", "2026-03-02", "addresseeProvince", "44",
			"addresseeCity", "4401", "addresseeTown", "440106", "addresseeDetails", "广州", "insuredaddresseeDetails", "广州"),
		in("CarThroughCity", "carPlace", "440100"),
	}
	order := &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}}}

	r := must(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people, Order: order})
	if !r.NeedsInput() || len(r.TagsList) != 1 || r.TagsList[0].Type != "ownerInfo" || len(r.ProposalNos()) != 0 {
		t.Fatalf("120 without ownerInfo: %s %+v", r.Status, r.TagsList)
	}
	form := map[string]sun.Tag{}
	var keys []string
	for _, tg := range r.TagsList[0].Tags {
		form[tg.Key()] = tg
		keys = append(keys, tg.Key())
	}
	if strings.Join(keys, ",") != "ownerName,ownerIdNo,ownerMobile,ownerEmail" || form["ownerName"].Value() != "王五" ||
		form["ownerIdNo"].Value() != "440106198001011230" || form["ownerMobile"].Value() != "13800138000" || form["ownerEmail"].Value() != "" {
		t.Errorf("owner form %v", r.TagsList[0].Tags)
	}
	if !strings.Contains(r.Message(), "车主") {
		t.Errorf("message %q", r.Message())
	}

	// A malformed mobile or ID is asked again, alone.
	bad := append(append([]sun.Inputs{}, people...), in("ownerInfo", "ownerName", "王五", "ownerIdNo", "4401", "ownerMobile", "1380013", "ownerEmail", "wang.wu@example.com"))
	r = must(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: bad, Order: order})
	keys = nil
	for _, tg := range r.TagsList[0].Tags {
		keys = append(keys, tg.Key())
	}
	if !r.NeedsInput() || r.TagsList[0].Type != "ownerInfo" || strings.Join(keys, ",") != "ownerIdNo,ownerMobile" {
		t.Fatalf("120 with a malformed owner: %s %+v", r.Status, r.TagsList)
	}

	good := append(append([]sun.Inputs{}, people...), in("ownerInfo", "ownerName", "王五", "ownerIdNo", "440106198001011230", "ownerMobile", "13800138000", "ownerEmail", "wang.wu@example.com"))
	r = must(sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: good, Order: order})
	if r.Status != "100" || len(r.ProposalNos()) != 1 {
		t.Fatalf("120 with ownerInfo: %s %v", r.Status, r.ProposalNos())
	}
}
