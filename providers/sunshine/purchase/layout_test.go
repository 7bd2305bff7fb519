package purchase_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// inputsGroupRE is one <Inputs> group of a request: its type attribute
// (absent: "") and its inputs.
var inputsGroupRE = regexp.MustCompile(`(?s)<Inputs(?: type=["']([^"']*)["'])?>(.*?)</Inputs>`)

// groupsOf lists the request's Inputs groups in order, each as its type
// and the names of its inputs.
func groupsOf(body []byte) (types []string, names [][]string) {
	for _, g := range inputsGroupRE.FindAllSubmatch(body, -1) {
		types = append(types, string(g[1]))
		var n []string
		for _, m := range inputRE.FindAllSubmatch(g[2], -1) {
			n = append(n, string(m[1]))
		}
		names = append(names, n)
	}
	return types, names
}

// groupOfInput is the type of the group holding input name ("-" when none
// does).
func groupOfInput(body []byte, name string) string {
	types, names := groupsOf(body)
	for i, n := range names {
		for _, x := range n {
			if x == name {
				return types[i]
			}
		}
	}
	return "-"
}

// The manual's 105 (3.7.1: table and example) sends packageType in the
// vehicleInfo group with the vehicle's answers, not in a group of its own.
func TestQuoteSendsPackageTypeInVehicleInfo(t *testing.T) {
	p := newPlatform(t)
	quoted(t, p, purchase.NewMemoryStore(), "07518800")
	in, body := p.sent(t, "105")
	if in["packageType"] != "luxury" {
		t.Fatalf("105 inputs %v", in)
	}
	if g := groupOfInput(body, "packageType"); g != "vehicleInfo" {
		t.Errorf("packageType went in group %q, want vehicleInfo:\n%s", g, body)
	}
	if types, _ := groupsOf(body); len(types) != 1 || types[0] != "vehicleInfo" {
		t.Errorf("105 groups %q, want one vehicleInfo group", types)
	}
}

// The manual's 110 (3.8.1, 3.8.3) sends packageType and the whole
// combination — every cov_*, forceFlag and both start dates — in one
// Inputs group without a type, whatever groups the priced answer showed
// them in; the other choices of the priced answer (immediate effect,
// driving area, named drivers), which its table marks not nullable, go
// back in their own typed groups.
func TestRequoteSendsTheManualsLayout(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "07518800")
	fl := p.flow(t, sessions)
	fl.Session = s
	if err := fl.Change(context.Background(), "optional", answers(t, "cov_600=500000", "runArea=03")); err != nil {
		t.Fatal(err)
	}
	in, body := p.sent(t, "110")
	types, names := groupsOf(body)
	if len(types) == 0 || types[0] != "" {
		t.Fatalf("110 groups %q:\n%s", types, body)
	}
	head := map[string]bool{}
	for _, n := range names[0] {
		head[n] = true
	}
	for _, k := range []string{"packageType", "cov_200", "cov_600", "cov_500", "cov_911", "cov_640", "forceFlag", "bizBeginDate", "forceBeginDate"} {
		if !head[k] {
			t.Errorf("%s is not in the untyped group %v", k, names[0])
		}
	}
	for i, typ := range types[1:] {
		for _, n := range names[i+1] {
			if strings.HasPrefix(n, "cov_") || n == "packageType" || n == "forceFlag" || strings.HasSuffix(n, "BeginDate") {
				t.Errorf("%s sent in group %q", n, typ)
			}
		}
	}
	for k, want := range map[string]string{"isImmevalid": "immevalid", "immeValidHoursStart": "immevalid", "runArea": "runAreaType",
		"agreedDriver": "driverInfoFlag", "driverName": "driverInfo"} {
		if g := groupOfInput(body, k); g != want {
			t.Errorf("%s in group %q, want %q", k, g, want)
		}
	}
	if in["cov_600"] != "500000.00" || in["runArea"] != "03" || in["isImmevalid"] != "0" || in["agreedDriver"] != "0" {
		t.Errorf("110 inputs %v", in)
	}
}

// A discount gift (presentType 3) may not be combined with another gift
// (3.9, gift rule 3): the choice is refused before anything is sent.
func TestDiscountGiftStandsAlone(t *testing.T) {
	p := newPlatform(t)
	fl := savedWithGifts(t, p, purchase.NewMemoryStore())
	fl.Session.Gifts[0].Type = "3"
	discount, phone := fl.Session.Gifts[0], fl.Session.Gifts[1]
	n := len(p.transactions())
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true},
		answers(t, append(peopleAnswers, "gifts="+discount.ID+":1,"+phone.ID+":1:13800000000")...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "cannot be combined") || len(p.transactions()) != n {
		t.Fatalf("%v (sent %v)", err, p.transactions()[n:])
	}
	// Alone it is taken.
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true},
		answers(t, append(peopleAnswers, "gifts="+discount.ID+":1")...)); err != nil {
		t.Fatal(err)
	}
	if in, _ := p.sent(t, "120"); in["pkIdEncryptions"] != discount.ID {
		t.Fatalf("120 gifts %v", in)
	}
}

// The gift's presentType is read from the 115 answer.
func TestGiftTypeIsRead(t *testing.T) {
	p := newPlatform(t)
	fl := savedWithGifts(t, p, purchase.NewMemoryStore())
	for _, g := range fl.Session.Gifts {
		if g.Type != "2" { // the sandbox offers virtual gifts
			t.Errorf("gift %+v", g)
		}
	}
}
