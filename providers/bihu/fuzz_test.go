package bihu_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
)

const (
	fuzzSecret = "skFz-4Wq8-Lm2z"
	fuzzToken  = "TOKFZ7Q2M9X4K1"
)

type bihuFuzzTransport struct {
	status int
	body   []byte
}

func (f *bihuFuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := f.status, f.body
	if strings.HasSuffix(r.URL.Path, "/"+bihu.PathLogin) {
		status, body = 200, []byte(`{"code":200,"msg":"登录成功","Token":"`+fuzzToken+`"}`)
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
}

// FuzzRenewalAnswer reads arbitrary renewal answers, with every status the
// document gives a meaning to and a few it does not. Property: no panic;
// an error is a *failure.Error that quotes neither the secret key nor the
// login token; success has a RenewalToken.
func FuzzRenewalAnswer(f *testing.F) {
	seeds := []string{
		`{"code":200,"msg":"续保成功","RenewalToken":"xxxx"}`,
		"{“code”：200，“msg”:\"续保成功\",\"RenewalToken\":\"xxxx\"}", // the document's own, with full-width punctuation
		`{"code":"206","msg":"续保失败，请补充行驶证信息"}`,
		`{"code":403,"msg":"未授权"}`, `{"code":406,"msg":"验证不通过"}`, `{"code":412,"msg":"参数校验不通过"}`,
		`{"code":500,"msg":"服务器异常"}`, `{"renewaltoken":"abc","Extra":{"a":[1,2]}}`, `{"code":1e99}`,
		`[]`, `null`, ``, `<html>Bad gateway</html>`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	statuses := []int{200, 206, 403, 406, 412, 416, 400, 404, 200}
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		now := time.Date(2017, 3, 9, 15, 32, 34, 0, time.UTC)
		c := bihu.New(bihu.Config{BaseURL: "http://bihu.invalid", AgentID: "102", Username: "fuzz", SecretKey: fuzzSecret,
			CityCode: "1", HTTP: &http.Client{Transport: &bihuFuzzTransport{status: statuses[int(pick)%len(statuses)], body: body}},
			Now: func() time.Time { return now }})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var req bihu.RenewalRequest
		if pick%2 == 0 {
			req = bihu.RenewalRequest{LicenseNo: "京J97896"}
		} else {
			req = bihu.RenewalRequest{CarVin: "LS4ASE2A2GJ137027", EngineNo: "2192209"}
		}
		res, err := c.Renew(ctx, req)
		if err != nil {
			var fe *failure.Error
			if !errors.As(err, &fe) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			msg := err.Error() + " " + fe.Hint
			if strings.Contains(msg, fuzzSecret) || strings.Contains(msg, fuzzToken) {
				t.Fatalf("error quotes the secret key or the token: %s", strings.ReplaceAll(strings.ReplaceAll(msg, fuzzSecret, "<secret>"), fuzzToken, "<token>"))
			}
			if _, ok := bihu.ReplenishURL(err); ok && res == nil {
				t.Fatal("a 206 error without its result")
			}
			return
		}
		if res == nil || res.RenewalToken == "" || res.QuotePageURL == "" {
			t.Fatalf("success without a RenewalToken: %+v", res)
		}
	})
}

// FuzzRenewalCanonical checks the SecCode canonical string over arbitrary
// parameters. Property: deterministic (map order does not matter), the
// secret appears exactly where the document puts it and nowhere once
// masked, and the two hex cases give the same code.
func FuzzRenewalCanonical(f *testing.F) {
	f.Add("LicenseNo", "京J97896", "CityCode", "1", "AgentId", "102", "Token", "4773EEC3EE9B572851C11DF730DCE827", "TimeStamp", "11111111", "secretKey-value")
	f.Add("CarVin", "LS4ASE2A2GJ137027", "EngineNo", "2192209", "SecCode", "x", "secretKey", "sent-by-mistake", "a", "", "s")
	f.Add("b", "=&", "B", "2", "a", "&b=1", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, secret string) {
		keys := []string{k1, k2, k3, k4, k5}
		vals := []string{v1, v2, v3, v4, v5}
		fwd, rev := map[string]string{}, map[string]string{}
		for i := range keys {
			fwd[keys[i]] = vals[i]
		}
		for i := len(keys) - 1; i >= 0; i-- {
			if _, dup := rev[keys[i]]; !dup {
				rev[keys[i]] = fwd[keys[i]]
			}
		}
		c1, up := bihu.RenewalSecCode(fwd, secret, false)
		c2, low := bihu.RenewalSecCode(rev, secret, true)
		if c1 != c2 {
			t.Fatalf("canonical depends on map order:\n%q\n%q", c1, c2)
		}
		if up != strings.ToUpper(low) || len(up) != 32 {
			t.Fatalf("codes %q and %q differ beyond case", up, low)
		}
		if c3, _ := bihu.RenewalSecCode(fwd, secret, false); c3 != c1 {
			t.Fatal("canonical is not deterministic")
		}
		if secret != "" && !strings.Contains(c1, bihu.SecretKeyName+"="+secret) {
			t.Fatalf("canonical %q lacks the secret", c1)
		}
		// A secret that is part of the mask itself ("*") cannot be told
		// from it once masked.
		unique := secret != "" && strings.Count(c1, secret) == 1 && !strings.Contains(bihu.Mask, secret)
		if masked := bihu.MaskCanonical(c1, secret); unique && strings.Contains(masked, secret) {
			t.Fatalf("masked canonical still holds the secret")
		}
		l1, lc := bihu.LoginSecCode(v1, v2, secret, v3, v4, false)
		l2, _ := bihu.LoginSecCode(v1, v2, secret, v3, v4, false)
		if l1 != l2 || !bihu.SecCodeEqual(lc, strings.ToLower(lc)) {
			t.Fatal("login SecCode is not deterministic")
		}
		s1, sc1 := bihu.SignOutSecCode(v1, secret, v2, true)
		s2, sc2 := bihu.SignOutSecCode(v1, secret, v2, true)
		if s1 != s2 || sc1 != sc2 {
			t.Fatal("sign-out SecCode is not deterministic")
		}
	})
}
