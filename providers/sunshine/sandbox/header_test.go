package sandbox_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// signed095 is a 095 request the client built and signed; its header can
// be changed afterwards, since the signature covers only <Request>.
func signed095(t *testing.T, url string) []byte {
	t.Helper()
	doc, err := client(t, url).Build(sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "licenseNo", Value: "粤A12345"}, {Name: "cityCode", Value: "07518800"}, {Name: "noLicenseFlag", Value: "0"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// postAs posts body under a Content-Type ("" sends none) and reads the
// signed answer.
func postAs(t *testing.T, url, ctype string, body []byte) *sunshine.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+sandbox.Path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	pub, _ := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	r, err := sunshine.ReadResponse(b)
	if res.StatusCode != http.StatusOK || err != nil || sunshine.VerifyDocument(b, "Response", pub) != nil {
		t.Fatalf("%s: HTTP %d, %v\n%s", ctype, res.StatusCode, err, b)
	}
	return r
}

func withHeaderField(doc []byte, name, element string) []byte {
	return regexp.MustCompile(`<`+name+`>[^<]*</`+name+`>`).ReplaceAll(doc, []byte(element))
}

// The header table types SessionId as digits and marks it required; 050
// alone takes the manual's own SMG0000000.
func TestSessionIdMustBeDigits(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed095(t, srv.URL)
	for _, id := range []string{"abc-DEF", "abcdef", "2026030210000012345x"} {
		r := postAs(t, srv.URL, "text/xml; charset=GBK", withHeaderField(doc, "SessionId", "<SessionId>"+id+"</SessionId>"))
		if r.Status != "400" || !strings.Contains(r.Message(), "SessionId") || !strings.Contains(r.Message(), id) {
			t.Errorf("095 with SessionId %s: status %s %q, want 400 naming SessionId", id, r.Status, r.Message())
		}
	}
	if r := postAs(t, srv.URL, "text/xml", doc); r.Status != "200" {
		t.Errorf("095 with the client's SessionId: status %s %q", r.Status, r.Message())
	}

	c := client(t, srv.URL)
	open, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "07518800"}, {Name: "licenseNo", Value: "粤A12345"}, {Name: "noLicenseFlag", Value: "0"},
		{Name: "ownerName", Value: "张三"}, {Name: "ownerMobile", Value: "13800138000"}, {Name: "agentCode", Value: sandbox.TestAgentCode},
		{Name: "spsource", Value: sandbox.TestSpSource}, {Name: "netcampaignno", Value: sandbox.TestNetCampaignNo}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := postAs(t, srv.URL, "text/xml", withHeaderField(open, "SessionId", "<SessionId>abcdef</SessionId>")); r.Status != "400" || !strings.Contains(r.Message(), "SessionId") {
		t.Errorf("100 with SessionId abcdef: status %s %q", r.Status, r.Message())
	}

	colours, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnColors})
	if err != nil {
		t.Fatal(err)
	}
	if r := postAs(t, srv.URL, "text/xml", withHeaderField(colours, "SessionId", "<SessionId>SMG0000000</SessionId>")); r.Status != "100" {
		t.Errorf("050 with the manual's SessionId: status %s %q", r.Status, r.Message())
	}
}

// The header table marks Status required: a header without it is
// refused, an empty one (as in the manual's examples) is taken.
func TestHeaderNeedsStatusElement(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed095(t, srv.URL)
	if r := postAs(t, srv.URL, "text/xml", withHeaderField(doc, "Status", "")); r.Status != "400" || !strings.Contains(r.Message(), "Status") {
		t.Errorf("no Status: status %s %q, want 400 naming Status", r.Status, r.Message())
	}
	for _, el := range []string{"<Status></Status>", "<Status/>"} {
		if r := postAs(t, srv.URL, "text/xml", withHeaderField(doc, "Status", el)); r.Status != "200" {
			t.Errorf("%s: status %s %q", el, r.Status, r.Message())
		}
	}
	// XML names are case-sensitive: <status> is not the table's Status.
	if r := postAs(t, srv.URL, "text/xml", withHeaderField(doc, "Status", "<status>100</status>")); r.Status != "400" || !strings.Contains(r.Message(), "<Status>") {
		t.Errorf("<status>100</status>: status %s %q, want 400 naming <Status>", r.Status, r.Message())
	}
}

// The XML is POSTed raw as text/xml, with no charset or a GB one. Another
// type, or none, is refused with a signed 400 naming the Content-Type, and
// the refusal is not kept as the body's answer: the same body sent as
// text/xml afterwards is answered. A charset naming another encoding over
// the GBK body is refused too: under RFC 7303 it overrides the document's
// declaration, so a platform would read the GBK bytes as that encoding.
func TestRequestsMustBeTextXML(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed095(t, srv.URL)
	for _, ct := range []string{"application/json", "application/x-www-form-urlencoded", "application/xml", ""} {
		r := postAs(t, srv.URL, ct, doc)
		if r.Status != "400" || !strings.Contains(r.Message(), "Content-Type") || r.Header.RequestType != "095" {
			t.Errorf("Content-Type %q: status %s %q (RequestType %s), want 400 naming Content-Type", ct, r.Status, r.Message(), r.Header.RequestType)
		}
	}
	for _, ct := range []string{"text/xml; charset=UTF-8", "text/xml; charset=utf-8", "text/xml; charset=ISO-8859-1", "text/xml; charset=\"\""} {
		r := postAs(t, srv.URL, ct, doc)
		if r.Status != "400" || !strings.Contains(r.Message(), "charset") {
			t.Errorf("Content-Type %q: status %s %q, want 400 naming the charset", ct, r.Status, r.Message())
		}
	}
	for _, ct := range []string{"text/xml; charset=GBK", "text/xml", "TEXT/XML;charset=gb2312", "text/xml; charset=GB18030", "text/xml; charset=\"gbk\""} {
		if r := postAs(t, srv.URL, ct, doc); r.Status != "200" {
			t.Errorf("Content-Type %q: status %s %q", ct, r.Status, r.Message())
		}
	}
}
