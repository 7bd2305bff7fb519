package sandbox_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The Sign is URL-safe base64 without padding (specs README; every Sign of
// the manual's requests is written so, 171 characters). The same
// signature in the standard alphabet, or padded with =, is refused as a
// bad signature; line breaks inside it, which the manual's own 126 and 127
// requests have, are not.
func TestSignMustBeURLSafeBase64WithoutPadding(t *testing.T) {
	srv := server(t, state.NewMemory())
	c := client(t, srv.URL)
	build := func(session string) []byte {
		doc, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo, SessionID: session, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
			{Name: "cityCode", Value: "08512200"}, {Name: "licenseNo", Value: "粤A12345"}, {Name: "noLicenseFlag", Value: "0"},
			{Name: "ownerName", Value: "张三"}, {Name: "ownerMobile", Value: "13800138000"}, {Name: "agentCode", Value: sandbox.TestAgentCode},
			{Name: "spsource", Value: "P05-X"}, {Name: "netcampaignno", Value: "Net"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	signRE := regexp.MustCompile(`<Sign>([^<]*)</Sign>`)
	// Sessions whose signature holds both a character the two alphabets
	// write differently and a partial last group, so each case changes it.
	resign := func(f func(raw []byte, sig string) string) func(string) []byte {
		return func(session string) []byte {
			doc := build(session)
			sig := string(signRE.FindSubmatch(doc)[1])
			raw, err := base64.RawURLEncoding.DecodeString(sig)
			if err != nil {
				t.Fatal(err)
			}
			return signRE.ReplaceAll(doc, []byte("<Sign>"+f(raw, sig)+"</Sign>"))
		}
	}
	refused := map[string]func(string) []byte{
		"standard alphabet, padded": resign(func(raw []byte, _ string) string { return base64.StdEncoding.EncodeToString(raw) }),
		"URL-safe, padded":          resign(func(raw []byte, _ string) string { return base64.URLEncoding.EncodeToString(raw) }),
	}
	pub, _ := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	n := 0
	for name, mk := range refused {
		n++
		res, body := post(t, srv.URL+sandbox.Path, mk("2026030210000000000"+string(rune('0'+n))))
		r, err := sunshine.ReadResponse(body)
		if res.StatusCode != http.StatusOK || err != nil || sunshine.VerifyDocument(body, "Response", pub) != nil {
			t.Errorf("%s: HTTP %d, %v", name, res.StatusCode, err)
		} else if r.Status != "400" || !strings.Contains(r.Message(), "签名") {
			t.Errorf("%s: status %s %q, want 400 naming the signature", name, r.Status, r.Message())
		}
	}
	// The standard alphabet without padding, where the signature has a
	// character it writes differently.
	for i := 0; i < 50; i++ {
		session := "20260302100001" + strings.Repeat("0", 4) + string(rune('0'+i/10)) + string(rune('0'+i%10))
		doc := build(session)
		sig := string(signRE.FindSubmatch(doc)[1])
		if !strings.ContainsAny(sig, "-_") {
			continue
		}
		std := strings.NewReplacer("-", "+", "_", "/").Replace(sig)
		_, body := post(t, srv.URL+sandbox.Path, signRE.ReplaceAll(doc, []byte("<Sign>"+std+"</Sign>")))
		if r, err := sunshine.ReadResponse(body); err != nil {
			t.Errorf("standard alphabet, unpadded: %v", err)
		} else if r.Status != "400" || !strings.Contains(r.Message(), "签名") {
			t.Errorf("standard alphabet, unpadded: status %s %q", r.Status, r.Message())
		}
		break
	}
	// Wrapped over lines, as in the manual's 126 and 127 requests: taken.
	wrapped := resign(func(_ []byte, sig string) string { return sig[:80] + "\n\t\t" + sig[80:] })("20260302100002000001")
	if _, body := post(t, srv.URL+sandbox.Path, wrapped); !bytes.Contains(body, []byte("<Status>200</Status>")) {
		t.Errorf("wrapped Sign refused")
	}
}
