package sandbox_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// Document version 1.2 renamed the request headers from underscores to
// hyphens, and the sandbox follows the document: an underscore spelling is
// no header at all. A missing Api-4s-Version is a parameter error (10010;
// the document names no code for it) and a missing Authorization-Token
// fails the token check (10030, the document's code for that).
func TestOnlyTheDocumentsHeaderNames(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, rt := b.login()
	gen := url.Values{"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)}}
	buy := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {"h1"}, "notifyUrl": {"https://p.example.com/n"}}
	oldVersion := map[string]string{"Api_4s_Version": "1.0"}
	oldToken := map[string]string{"Api-4s-Version": "1.0", "Authorization_Token": tok}
	bothOld := map[string]string{"Api_4s_Version": "1.0", "Authorization_Token": tok}
	oldVersionNewToken := map[string]string{"Api_4s_Version": "1.0", "Authorization-Token": tok}
	cases := []struct {
		name, method, path string
		header             map[string]string
		body               url.Values
		code, remark       string
	}{
		{"generate, old version header", "POST", paoding.PathTokenGenerate, oldVersion, gen, "10010", "Api-4s-Version"},
		{"brand list, old token header", "GET", paoding.PathBrandList, oldToken, nil, "10030", "Authorization-Token"},
		{"brand list, old version header", "GET", paoding.PathBrandList, oldVersionNewToken, nil, "10010", "Api_4s_Version"},
		{"brand list, both old", "GET", paoding.PathBrandList, bothOld, nil, "10010", "Api-4s-Version"},
		{"factory get, old token header", "GET", paoding.PathBrandFactoryGet + "?brandFactoryId=20", oldToken, nil, "10030", "未授权"},
		{"refresh, old token header", "POST", paoding.PathTokenRefresh, oldToken, url.Values{"refreshToken": {rt}}, "10030", "Authorization_Token"},
		{"buy, old token header", "POST", paoding.PathReportBuy, oldToken, buy, "10030", "未授权"},
		{"report, old token header", "GET", paoding.PathReportGet + "?orderId=h1", oldToken, nil, "10030", "未授权"},
	}
	for _, c := range cases {
		var a answer
		if c.method == "POST" {
			a = b.post(c.path, c.header, c.body)
		} else {
			a = b.send("GET", c.path, c.header, "", "")
		}
		if a.Status != 200 || a.Code != c.code || !strings.Contains(a.Remark, c.remark) || string(a.Data) != "{}" {
			t.Errorf("%s: HTTP %d code %s remark %q data %s, want %s naming %s", c.name, a.Status, a.Code, a.Remark, a.Data, c.code, c.remark)
		}
	}
	// Nothing refused was done: no token generated, the refresh token not
	// spent, no order bought.
	if n, err := b.server.Calls(paoding.OpTokenGenerate); err != nil || n != 1 {
		t.Errorf("generate counted %d times (%v), want only the login", n, err)
	}
	if _, err := b.server.Order("h1"); err == nil {
		t.Error("a purchase with the old token header was stored")
	}
	a := b.post(paoding.PathTokenRefresh, auth(tok), url.Values{"refreshToken": {rt}})
	if a.Code != "10000" {
		t.Errorf("the refresh token after the refused refresh: %+v", a)
	}

	// Header names are case-insensitive in HTTP: the document's names in
	// lower case are the same headers.
	lower := map[string]string{"api-4s-version": "1.0", "authorization-token": tok}
	if a := b.send("GET", paoding.PathBrandList, lower, "", ""); a.Code != "10000" {
		t.Errorf("lower-case header names: %+v", a)
	}
	if a := b.send("POST", paoding.PathTokenGenerate, map[string]string{"api-4s-version": "1.0"}, form, gen.Encode()); a.Code != "10000" {
		t.Errorf("lower-case version header on generate: %+v", a)
	}
}

// A purchase is form-encoded like every other POST; a licence photo is sent
// as its URL in image (at most 100 characters), not uploaded, so a
// multipart body is refused as any other encoding is.
func TestBuyIsFormEncodedOnly(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, kv := range [][2]string{{"image", "https://p.example.com/a.jpg"}, {"orderId", "m1"}, {"notifyUrl", "https://p.example.com/n"}} {
		_ = mw.WriteField(kv[0], kv[1])
	}
	_ = mw.Close()
	a := b.send("POST", paoding.PathReportBuy, auth(tok), mw.FormDataContentType(), body.String())
	if a.Code != "10010" || !strings.Contains(a.Remark, "x-www-form-urlencoded") {
		t.Errorf("multipart purchase: %+v", a)
	}
	if _, err := b.server.Order("m1"); err == nil {
		t.Error("the multipart purchase was stored")
	}
	j, _ := json.Marshal(map[string]string{"image": "https://p.example.com/a.jpg", "orderId": "m2", "notifyUrl": "https://p.example.com/n"})
	if a := b.send("POST", paoding.PathReportBuy, auth(tok), "application/json", string(j)); a.Code != "10010" {
		t.Errorf("JSON purchase: %+v", a)
	}
	form := url.Values{"image": {"https://p.example.com/a.jpg"}, "orderId": {"m1"}, "notifyUrl": {"https://p.example.com/n"}}
	if a := b.post(paoding.PathReportBuy, auth(tok), form); a.Code != "10000" {
		t.Errorf("the same purchase form-encoded: %+v", a)
	}
}

// A version the platform does not serve is quoted whole in the remark:
// cut to the table's five characters, 1.0.00 would read as 1.0.0.
func TestUnsupportedVersionIsQuotedWhole(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	for v, want := range map[string]string{"1.0.00": "接口版本 1.0.00 超过 5 位", "2.0": "不支持的接口版本 2.0"} {
		a := b.send("GET", paoding.PathBrandList, map[string]string{"Api-4s-Version": v, "Authorization-Token": tok}, "", "")
		if a.Code != "10010" || !strings.Contains(a.Remark, want) {
			t.Errorf("version %s: code %s remark %q, want 10010 saying %s", v, a.Code, a.Remark, want)
		}
	}
}
