package sandbox_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// signed100 is a 100 opening a session for owner 张三, built and signed by
// the client.
func signed100(t *testing.T, url string) []byte {
	t.Helper()
	doc, err := client(t, url).Build(sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "07518800"}, {Name: "licenseNo", Value: "粤A12345"}, {Name: "noLicenseFlag", Value: "0"},
		{Name: "ownerName", Value: "张三"}, {Name: "ownerMobile", Value: "13800138000"}, {Name: "agentCode", Value: sandbox.TestAgentCode},
		{Name: "spsource", Value: sandbox.TestSpSource}, {Name: "netcampaignno", Value: sandbox.TestNetCampaignNo}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A package holds one Header, one Sign and one Request (3.2). The
// signature was checked over the first Request while the last one was
// acted on, so an unsigned body added to a signed package opened the
// session with its owner. A package holding any part twice is refused
// whole (400), and nothing of it is acted on: the genuine request sent
// afterwards still opens its session.
func TestPackageWithARepeatedPartIsRefused(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed100(t, srv.URL)
	start, end := bytes.Index(doc, []byte("<Request>")), bytes.Index(doc, []byte("</Request>"))+len("</Request>")
	gbk := func(s string) []byte {
		b, err := sunshine.EncodeGBK([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	forged := bytes.ReplaceAll(doc[start:end], gbk("张三"), gbk("李四"))
	if bytes.Equal(forged, doc[start:end]) {
		t.Fatal("the forged Request names the same owner")
	}
	sign := doc[bytes.Index(doc, []byte("<Sign>")) : bytes.Index(doc, []byte("</Sign>"))+len("</Sign>")]
	insert := func(at int, add []byte) []byte {
		return append(append(append([]byte{}, doc[:at]...), add...), doc[at:]...)
	}
	tests := []struct {
		name, want string
		body       []byte
	}{
		{"an unsigned Request after the signed one", "<Request>", insert(end, forged)},
		{"an unsigned Request before the signed one", "<Request>", insert(start, forged)},
		{"the same Request twice", "<Request>", insert(end, doc[start:end])},
		{"a valid Sign then junk", "<Sign>", insert(bytes.Index(doc, []byte("</Sign>"))+len("</Sign>"), []byte("<Sign>junk</Sign>"))},
		{"the valid Sign twice", "<Sign>", insert(bytes.Index(doc, []byte("</Sign>"))+len("</Sign>"), sign)},
		{"a second Header", "<Header>", insert(bytes.Index(doc, []byte("</Header>"))+len("</Header>"), []byte("<Header><RequestType>095</RequestType></Header>"))},
		{"the signed Request hidden in another element", "<Request>", insert(start, append(append([]byte("<Note>"), doc[start:end]...), "</Note>"...))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postAs(t, srv.URL, "text/xml; charset=GBK", tt.body)
			if r.Status != "400" || !strings.Contains(r.Message(), tt.want) {
				t.Errorf("status %s %q, want 400 naming %s", r.Status, r.Message(), tt.want)
			}
			if r.TagsList != nil {
				t.Errorf("a refused package was answered with a form: %+v", r.TagsList)
			}
		})
	}
	r := postAs(t, srv.URL, "text/xml; charset=GBK", doc)
	if r.Status != "200" {
		t.Fatalf("the genuine 100 afterwards: status %s %q", r.Status, r.Message())
	}
	for _, g := range r.TagsList {
		for _, tag := range g.Tags {
			if tag.Key() == "ownerName" && tag.Value() != "张三" {
				t.Errorf("ownerName %q, want 张三", tag.Value())
			}
		}
	}
}
