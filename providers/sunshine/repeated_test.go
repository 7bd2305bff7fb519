package sunshine_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// tamperedServer answers every request with a 100 whose body is body,
// signed with the test platform key, and then changed by tamper, as
// someone on the way could change it.
func tamperedServer(t *testing.T, body string, tamper func([]byte) []byte) *sunshine.Client {
	t.Helper()
	partner, plat := keys(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for _, m := range headerField.FindAllSubmatch(req, -1) {
			h[string(m[1])] = string(m[2])
		}
		doc := `<?xml version="1.0" encoding="GBK" standalone="yes"?><PackageList><Package><Header><Version>2</Version>` +
			`<RequestType>` + h["RequestType"] + `</RequestType><SessionId>` + h["SessionId"] + `</SessionId>` +
			`<Status>100</Status><ErrorMessage></ErrorMessage></Header><Sign></Sign>` + body + `</Package></PackageList>`
		signed, err := sunshine.SignDocument([]byte(doc), "Response", plat.priv)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		_, _ = w.Write(tamper(signed))
	}))
	t.Cleanup(srv.Close)
	return sunshine.New(sunshine.Config{
		BaseURL: srv.URL + sandbox.Path, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: partner.priv, PlatformPublicKey: plat.pub,
		Now: func() time.Time { return testNow }, RetryDelay: -1,
	})
}

// A package holds one Header, one Sign and one Response. An answer with
// a second one is not read, whichever copy is signed: the signature was
// checked over one body while the reader took another, so a body added
// on the way rode on the platform's valid signature. It is an untrusted
// answer (exit 6), as a signature that fails is.
func TestAnswerWithARepeatedPartIsNotTrusted(t *testing.T) {
	const signedBody = `<Response><ResponseCode>success</ResponseCode></Response>`
	const fake = `<Response><ResponseCode>forged</ResponseCode></Response>`
	after := func(marker, add string) func([]byte) []byte {
		return func(b []byte) []byte {
			return bytes.Replace(b, []byte(marker), []byte(marker+add), 1)
		}
	}
	tests := []struct {
		name, body, want string
		tamper           func([]byte) []byte
	}{
		{"a second Response after the signed one", signedBody, "<Response>", after("</Response>", fake)},
		{"a second one in lower case", signedBody, "<Response>", after("</Response>", strings.ReplaceAll(fake, "Response>", "response>"))},
		{"junk in a second Sign", signedBody, "<Sign>", after("</Sign>", "<Sign>junk</Sign>")},
		{"a second Header", signedBody, "<Header>", after("</Header>", "<Header><Status>400</Status></Header>")},
		{"the signed Response hidden in another element", "<Note>" + signedBody + "</Note>", "<Response>", after("</Note>", fake)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tamperedServer(t, tt.body, tt.tamper)
			r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{group("vehicleInfo",
				"cityCode", "07518800", "noLicenseFlag", "1")}})
			if failure.KindOf(err) != failure.Verification || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %+v, %v; want a verification error naming %s", r, err, tt.want)
			}
			if r != nil {
				t.Errorf("an untrusted answer was returned: %+v", r)
			}
		})
	}
	// Untouched, the same answer is taken.
	c := tamperedServer(t, signedBody, func(b []byte) []byte { return b })
	if r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "07518800", "noLicenseFlag", "1")}}); err != nil || r.ResponseCode != "success" {
		t.Fatalf("the untouched answer: %+v, %v", r, err)
	}
}

// A request file with two bodies is not signed and sent: which one the
// signature would cover is not the writer's choice to leave open.
func TestRequestFileWithTwoRequestsIsNotSent(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	t.Cleanup(srv.Close)
	partner, plat := keys(t)
	c := sunshine.New(sunshine.Config{BaseURL: srv.URL, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: partner.priv, PlatformPublicKey: plat.pub, RetryDelay: -1})
	body := `<Request><InputsList><Inputs type="vehicleInfo"><input name="noLicenseFlag">1</input></Inputs></InputsList></Request>`
	doc := `<?xml version="1.0" encoding="GBK"?><PackageList><Package><Header><Version>2</Version><RequestType>095</RequestType>` +
		`<SessionId>20260302100000123456</SessionId><Status>100</Status></Header>` + body + body + `</Package></PackageList>`
	_, err := c.SendRaw(context.Background(), []byte(doc))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "<Request>") || hit {
		t.Fatalf("got %v (server reached: %v), want a usage error naming <Request> and nothing sent", err, hit)
	}
}
