package httpx

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// A server that echoes a secret back does so in whatever form its body or
// header uses: JSON-escaped, XML-escaped, percent-encoded (either case,
// %20 or +), base64, hex, GBK bytes. The wire log and the journal must
// mask every one of them, not only the raw text and QueryEscape.
func TestApplyMasksEncodedForms(t *testing.T) {
	for _, secret := range []string{
		`p@ss w+rd&x=%2F"<q>\`,             // JSON, XML and URL specials
		"Zq7Secr3tValue99x",                // plain
		"rec-ebao.secret-0001",             // unreserved punctuation
		"p&ss+w=rd中文",                      // GBK bytes escaped
		"密码ｓｅｃｒｅｔ全角01",                     // unicode, full-width
		"ab3cf4f2d80df934ac26f31447284f18", // an md5 hex digest
	} {
		js, _ := json.Marshal(secret)
		var ascii strings.Builder
		for _, r := range secret { // Python's ensure_ascii form
			if r < 0x80 {
				ascii.WriteRune(r)
			} else {
				ascii.WriteString(`\u` + strings.ToLower(hex.EncodeToString([]byte{byte(r >> 8), byte(r)})))
			}
		}
		asciiJS, _ := json.Marshal(ascii.String())
		forms := map[string]string{
			"json":       string(js[1 : len(js)-1]),
			"json-ascii": strings.ReplaceAll(string(asciiJS[1:len(asciiJS)-1]), `\\u`, `\u`),
			"html":       html.EscapeString(secret),
			"xml-quot":   strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(secret),
			"xml-min":    strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(secret), // only what XML text requires
			"path":       url.PathEscape(secret),
			"query":      url.QueryEscape(secret),
			"query-low":  lowerPercent(url.QueryEscape(secret)),
			"path-low":   lowerPercent(url.PathEscape(secret)),
			"base64":     base64.StdEncoding.EncodeToString([]byte(secret)),
			"base64url":  base64.RawURLEncoding.EncodeToString([]byte(secret)),
			"hex":        hex.EncodeToString([]byte(secret)),
			"HEX":        strings.ToUpper(hex.EncodeToString([]byte(secret))),
			"upper":      strings.ToUpper(secret),
		}
		alnum := ""
		for _, c := range []byte(secret) { // every byte but letters and digits escaped, '-' too
			if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				alnum += string(rune(c))
			} else {
				alnum += fmt.Sprintf("%%%02X", c)
			}
		}
		forms["percent-alnum"] = alnum
		if g, err := simplifiedchinese.GBK.NewEncoder().String(secret); err == nil {
			forms["gbk"] = g
			forms["gbk-query"] = url.QueryEscape(g)
			forms["gbk-hex"] = hex.EncodeToString([]byte(g))
		}
		r := NewRedactor(secret)
		for name, f := range forms {
			if name == "upper" && strings.Trim(secret, "0123456789abcdefABCDEF") != "" {
				continue // only a hex digest is the same in either case
			}
			text := "before " + f + " after"
			got := r.Apply(text)
			if strings.Contains(got, f) {
				t.Errorf("%q: %s form %q not masked: %q", secret, name, f, got)
			}
			if !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") {
				t.Errorf("%q: %s: text around the secret changed: %q", secret, name, got)
			}
		}
	}
}

func lowerPercent(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// Masking encoded forms must not mask text that merely looks like one:
// a secret's encodings are derived from the whole secret.
func TestApplyEncodedFormsDoNotOverMask(t *testing.T) {
	r := NewRedactor("Zq7Secr3tValue99x")
	text := `{"fee":{"APP":30},"ok":true,"quotationNumber":"Q2612010000000002","note":"POST json sandbox"}`
	if got := r.Apply(text); got != text {
		t.Errorf("masked unrelated text: %q", got)
	}
}

// BenchmarkApplyLargeAnswer masks a 1 MB answer holding no secret with
// the secrets a Paoding call records (password, its md5, the sign, a
// token), as the journal does for every answer.
func BenchmarkApplyLargeAnswer(b *testing.B) {
	r := NewRedactor("sandbox-4s-pass", "0f3b5c2a9d8e7f6a5b4c3d2e1f0a9b8c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "tok-5f0c2a7d-93b1-4e8a")
	body := strings.Repeat(`{"brandId":1,"brandName":"宝马 BMW","list":[true,false,null],"url":"https://a.example/x?y=1"},`, 1<<20/90)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		_ = r.Apply(body)
	}
}

// The process remembers a bounded number of secrets (a batch meets a new
// derived one each request), the ones met most recently: the profile's
// key, met again at every request, stays masked on stdout after
// thousands of per-request values.
func TestKnownSecretsStayBoundedAndKeepTheOnesInUse(t *testing.T) {
	const key = "remembered-profile-secret-key-1"
	_ = NewRedactor(key).Apply("x")
	for i := range 5000 {
		_ = NewRedactor(key, fmt.Sprintf("derived-per-request-%08d", i))
	}
	out, changed := MaskKnownBytes([]byte(`{"echo":"` + key + `"}`))
	if !changed || strings.Contains(string(out), key) {
		t.Errorf("the first secret is no longer masked: %s", out)
	}
	if n := knownLen(); n > maxKnown+maxFresh {
		t.Errorf("%d secrets remembered, at most %d", n, maxKnown+maxFresh)
	}
}
