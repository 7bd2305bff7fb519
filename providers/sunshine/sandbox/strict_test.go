package sandbox_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// 125's table (3.12.1) lists, for each sub-order, the proposal number 120
// gave and the partner's product id (ItemId); the manual's own example
// leaves them out, the table is the rule. 130's table (3.15) gives the
// accounting date as the payment's date.
func TestPaymentCheckAndIssueFollowTheirTables(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, _ := opened(t, c, "08512200", false)
	must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("forceFlag", "0")}})
	props := must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, InputsList: underwriting(),
		Order: &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}}}}).ProposalNos()
	order := func(proposalNo, itemID string) *sun.Order {
		return &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2", ProposalNo: proposalNo, ItemID: itemID}}}
	}
	for _, tc := range []struct {
		what string
		o    *sun.Order
		want string
	}{
		{"no ProposalNo", order("", sandbox.TestItemID), "ProposalNo"},
		{"no ItemId", order(props["biz"], ""), "ItemId"},
		{"neither", order("", ""), "ProposalNo、SubOrder[biz].ItemId"},
	} {
		if _, err := c.Send(t.Context(), sun.RequestSpec{Transaction: "125", SessionID: sid, Order: tc.o}); err == nil ||
			!strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("125 with %s: %v, want 400 naming %s", tc.what, err, tc.want)
		}
	}
	paid := must(t, c, sun.RequestSpec{Transaction: "125", SessionID: sid, Order: order(props["biz"], sandbox.TestItemID)}).Order

	issue := func(accountDate string) (*sun.Response, error) {
		o := order(props["biz"], sandbox.TestItemID)
		o.Premium, o.SubOrders[0].Premium = paid.Premium, paid.SubOrders[0].Premium
		return c.Send(t.Context(), sun.RequestSpec{Transaction: "130", SessionID: sid, Order: o, Payment: &sun.Payment{
			TBOrderID: "O1", PayOrderID: "2026030200001", CheckPayNo: "B5000M386466139260786", PayType: "01", PartnerID: "2088601078742391",
			PayTime: "2026-03-02 10:05:00", PayMoney: paid.Premium, AccountDate: accountDate}})
	}
	for _, d := range []string{"2026-03-09", "2026-03-01", "2026-03-03 10:05:00"} {
		if _, err := issue(d); err == nil || !strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), "AccountDate") {
			t.Errorf("130 paid 2026-03-02 with AccountDate %s: %v, want 400 naming AccountDate", d, err)
		}
	}
	// The manual's example writes a whole time: its date is what counts.
	if r, err := issue("2026-03-02 00:00:00"); err != nil || len(r.PolicyNos()) != 1 {
		t.Fatalf("130 with the payment's date: %+v %v", r, err)
	}
}

// The header table's Status takes the dictionary's values (100, 200, 300,
// 400; requests send 100, the manual's examples sometimes nothing);
// InsureType is a code, default 100; a RequestType is matched as written.
func TestHeaderValuesAreTheTablesValues(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed095(t, srv.URL)
	for _, tc := range []struct{ name, element, want string }{
		{"Status abc", "<Status>abc</Status>", "Status"},
		{"Status 2", "<Status>2</Status>", "Status"},
		{"Status 1000", "<Status>1000</Status>", "Status"},
		{"InsureType abc", "<InsureType>abc</InsureType>", "InsureType"},
		{"InsureType 10a", "<InsureType>10a</InsureType>", "InsureType"},
		{"RequestType with spaces", "<RequestType> 095 </RequestType>", "RequestType"},
		{"RequestType with a line break", "<RequestType>095\n</RequestType>", "RequestType"},
	} {
		name := tc.element[1:strings.IndexByte(tc.element, '>')]
		r := postAs(t, srv.URL, "text/xml; charset=GBK", withHeaderField(doc, name, tc.element))
		if r.Status != "400" || !strings.Contains(r.Message(), tc.want) {
			t.Errorf("%s: status %s %q, want 400 naming %s", tc.name, r.Status, r.Message(), tc.want)
		}
	}
	for _, el := range []string{"<Status>100</Status>", "<Status></Status>", "<Status>300</Status>", "<InsureType></InsureType>", "<InsureType>100</InsureType>"} {
		name := el[1:strings.IndexByte(el, '>')]
		if r := postAs(t, srv.URL, "text/xml; charset=GBK", withHeaderField(doc, name, el)); r.Status != "200" {
			t.Errorf("%s: status %s %q", el, r.Status, r.Message())
		}
	}
}

// 100's table describes the input agentCode as the header's AgentCode (a
// service area code such as W03210001), and the header's is checked for
// that shape: so is the input.
func TestBasicInfoAgentCodeIsAServiceAreaCode(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	for _, code := range []string{"hello", "w03210001", "W0321000", "W032100011"} {
		_, err := c.Send(t.Context(), sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "08512200",
			"noLicenseFlag", "1", "ownerName", "王五", "ownerMobile", "13800138000",
			"agentCode", code, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
		if err == nil || !strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), "agentCode") {
			t.Errorf("100 with agentCode %s: %v, want 400 naming agentCode", code, err)
		}
	}
	if sid, r := opened(t, c, "08512200", true); sid == "" || r.Status != "200" {
		t.Errorf("100 with agentCode %s: %s %q", sandbox.TestAgentCode, r.Status, r.Message())
	}
}
