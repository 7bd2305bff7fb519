package sandbox_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The manual's documents are GBK. A request that is not (UTF-8 bytes under
// a GBK declaration, another declared encoding, characters GBK lacks) is
// refused with a signed 400 naming the encoding, not read as garbled
// names, and never answered with an HTTP 500 (which a client takes for an
// outcome unknown and sends again).
func TestRequestsThatAreNotGBKAreRefused(t *testing.T) {
	srv := server(t, state.NewMemory())
	c := client(t, srv.URL)
	key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "licenseNo", Value: "粤A12345"}, {Name: "noLicenseFlag", Value: "0"},
		{Name: "ownerName", Value: "张三OWNER"}, {Name: "ownerMobile", Value: "13800138000"}, {Name: "agentCode", Value: sandbox.TestAgentCode},
		{Name: "spsource", Value: "P05-X"}, {Name: "netcampaignno", Value: "Net"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	utf8Doc, err := sunshine.DecodeGBK(gbk)
	if err != nil {
		t.Fatal(err)
	}
	signed := func(doc []byte) []byte {
		b, err := sunshine.SignDocument(doc, "Request", key)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := map[string][]byte{
		"UTF-8 under a GBK declaration": signed(utf8Doc),
		"declared UTF-8":                signed(bytes.Replace(utf8Doc, []byte(`encoding="GBK"`), []byte(`encoding="UTF-8"`), 1)),
		"a character GBK lacks":         signed(bytes.Replace(gbk, []byte("OWNER"), []byte("&#x1F600;"), 1)),
		// Undeclared, a document is UTF-8 to an XML parser (the manual's
		// envelope begins with the GBK declaration, 3.2).
		"no declaration":                   signed(gbk[bytes.Index(gbk, []byte("<PackageList")):]),
		"a declaration naming no encoding": signed(bytes.Replace(gbk, []byte(` encoding="GBK"`), nil, 1)),
	}
	pub, _ := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	for name, req := range cases {
		res, body := post(t, srv.URL+sandbox.Path, req)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d %s", name, res.StatusCode, body)
			continue
		}
		r, err := sunshine.ReadResponse(body)
		if err != nil || sunshine.VerifyDocument(body, "Response", pub) != nil || r.Status != "400" || !strings.Contains(r.Message(), "GBK") {
			t.Errorf("%s: %+v %v", name, r, err)
		}
	}
	// The GBK request itself is taken.
	if res, body := post(t, srv.URL+sandbox.Path, gbk); res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("<Status>200</Status>")) {
		t.Errorf("GBK request: HTTP %d\n%s", res.StatusCode, body)
	}
}
