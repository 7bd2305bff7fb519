package sandbox_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// badCheckChar is a resident ID of 18 digits with a real birth date whose
// last character is not the one GB 11643 gives (0).
const badCheckChar = "440106198001011234"

// asked lists the controls of a 200 form as GROUP.KEY.
func asked(r *sun.Response) string {
	var keys []string
	for _, g := range r.TagsList {
		for _, tg := range g.Tags {
			keys = append(keys, g.Type+"."+tg.Key())
		}
	}
	return strings.Join(keys, ",")
}

// The tables of 105 and 120 take a resident ID number (身份证号) when no
// ID type says otherwise: a number with the wrong check character comes
// back as the platform's 200 form asking for it again, as a missing one
// does; with another type code the number is taken.
func TestSandboxRefusesAResidentIDWithTheWrongCheckCharacter(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, _ := opened(t, c, "08512200", false)

	r := must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("ownerIdNo", badCheckChar)}})
	if !r.NeedsInput() || !strings.Contains(asked(r), "ownerIdNo") || !strings.Contains(r.Message(), "请补充或更正") {
		t.Fatalf("105 with a bad check character: %s %q %s", r.Status, r.Message(), asked(r))
	}
	r = must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("forceFlag", "0")}})
	if r.Status != "100" {
		t.Fatalf("105 with a good ID: %s %s", r.Status, r.Message())
	}

	order := &sun.Order{TBOrderID: "O1", SubOrders: []sun.SubOrder{{Type: "biz", TBOrderID: "O2"}}}
	r = must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, Order: order, InputsList: underwriting("insuredIdNo", badCheckChar)})
	if !r.NeedsInput() || asked(r) != "insuredInfo.insuredIdNo" || len(r.ProposalNos()) != 0 {
		t.Fatalf("120 with a bad check character: %s %q %s", r.Status, r.Message(), asked(r))
	}
	groups := underwriting("insuredIdNo", "E12345678")
	groups[0].Inputs = append(groups[0].Inputs, sun.Input{Name: "insuredIdType", Value: "02"})
	r = must(t, c, sun.RequestSpec{Transaction: "120", SessionID: sid, Order: order, InputsList: groups})
	if r.Status != "100" || len(r.ProposalNos()) != 1 {
		t.Fatalf("120 with another ID type: %s %s %s", r.Status, r.Message(), asked(r))
	}
}

// The ID check the forms name (checkUrl) applies the same rule.
func TestSandboxIDCheckRefusesTheWrongCheckCharacter(t *testing.T) {
	srv := server(t, state.NewMemory())
	for id, want := range map[string]string{
		"440106198001011230": `"result":true`,
		badCheckChar:         `"result":false`,
	} {
		b := lookup(t, http.MethodGet, srv.URL+"/"+sandbox.CheckIDPath+"?"+url.Values{"key": {"ownerIdNo"}, "value": {id}}.Encode(), "")
		if !strings.Contains(strings.ReplaceAll(string(b), " ", ""), want) {
			t.Errorf("%s: %s", id, b)
		}
	}
}
