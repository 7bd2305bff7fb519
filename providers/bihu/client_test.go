package bihu_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

var upperHex = regexp.MustCompile(`^[0-9A-F]{32}$`)

func TestRenewByPlate(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal")

	login := e.last("/unite/login").Body
	for k, want := range map[string]any{"agentId": "102", "userName": sandbox.TestUsername, "timestamp": "1489044754", "timeout": "7200"} {
		if login[k] != want {
			t.Errorf("login %s = %v, want %v", k, login[k], want)
		}
	}
	if s, _ := login["secCode"].(string); !upperHex.MatchString(s) {
		t.Errorf("login secCode is not upper-case hex (%d characters)", len(s))
	}

	sent := e.last("/unite/unitecheckrenewal")
	if !strings.HasPrefix(sent.RawBody, `{"LicenseNo":"京J97896","CityCode":"1","AgentId":"102","Token":`) {
		t.Errorf("renewal body starts %.60q", sent.RawBody)
	}
	for k, want := range map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": "102", "TimeStamp": "1489044754", "Token": res.Token} {
		if sent.Body[k] != want {
			t.Errorf("renewal %s = %v, want %q (every value a string)", k, sent.Body[k], want)
		}
	}
	if len(sent.Body) != 6 {
		t.Errorf("renewal sent %d fields, want 6 (no secretKey, no empty VIN)", len(sent.Body))
	}
	if strings.Contains(sent.RawBody, sandbox.TestSecretKey) || strings.Contains(strings.ToLower(sent.RawBody), "secretkey") {
		t.Error("the secret key was sent")
	}
	if s, _ := sent.Body["SecCode"].(string); !upperHex.MatchString(s) {
		t.Error("SecCode is not upper-case hex")
	}

	if res.HTTPStatus != 200 || res.Code != 200 || res.RenewalToken == "" || res.CityCode != "1" || res.LicenseNo != "京J97896" {
		t.Errorf("result %+v", res)
	}
	if want := e.srv.URL + "/DoQuote/SelectInsuranceNew?Token=" + res.Token + "&RenewalToken=" + res.RenewalToken; res.QuotePageURL != want {
		t.Error("quote page URL is not base/DoQuote/SelectInsuranceNew?Token=..&RenewalToken=..")
	}
	if !strings.Contains(string(res.Raw), res.RenewalToken) {
		t.Error("Raw does not hold the body")
	}

	status, page := get(t, res.QuotePageURL)
	if status != 200 || !strings.Contains(page, res.Token) || !strings.Contains(page, res.RenewalToken) ||
		!strings.Contains(page, "renewal record found") || !strings.Contains(page, "京J97896") {
		t.Errorf("quote page: HTTP %d", status)
	}
}

func TestRenewByVINWithCityName(t *testing.T) {
	e := newEnv(t)
	res, err := e.client().Renew(context.Background(), bihu.RenewalRequest{CarVin: "lsvau2180n2183294", EngineNo: "a12b", CityCode: "深圳"})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.last("/unite/unitecheckrenewal").Body
	for k, want := range map[string]string{"CarVin": "LSVAU2180N2183294", "EngineNo": "A12B", "CityCode": "11"} {
		if sent[k] != want {
			t.Errorf("%s = %v, want %q", k, sent[k], want)
		}
	}
	if _, ok := sent["LicenseNo"]; ok {
		t.Error("an empty LicenseNo was sent")
	}
	if res.RenewalToken == "" || res.CarVin != "LSVAU2180N2183294" {
		t.Errorf("result %+v", res)
	}
}

func TestLowerHexAccepted(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.LowerHex = true
	if _, err := bihu.New(cfg).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "沪C12340"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/unite/login", "/unite/unitecheckrenewal"} {
		b := e.last(path).Body
		s, _ := b["secCode"].(string)
		if s == "" {
			s, _ = b["SecCode"].(string)
		}
		if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(s) {
			t.Errorf("%s: code is not lower-case hex", path)
		}
	}
}

func TestTokenCachedUntilTimeout(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.SessionTimeout = 10 * time.Minute
	c := bihu.New(cfg)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"}); err != nil {
			t.Fatal(err)
		}
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/unitecheckrenewal")
	if got := e.last("/unite/login").Body["timeout"]; got != "600" {
		t.Errorf("timeout sent %v, want 600 (seconds)", got)
	}
	tok, _ := e.tokens.Load(ctx)
	if !tok.ExpiresAt.Equal(e.clock.Now().Add(10*time.Minute)) || tok.Extra["agentId"] != "102" {
		t.Errorf("cached token expires %v, extra %v", tok.ExpiresAt, tok.Extra)
	}

	e.clock.Add(10 * time.Minute)
	if _, err := c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/unitecheckrenewal",
		"POST /unite/login", "POST /unite/unitecheckrenewal")
}

func TestTokenForAnotherAgentNotReused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.client().Token(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.Username = "someone-else"
	if _, err := bihu.New(cfg).Token(ctx); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/login")
}

// The session ends on the server before the client expects it: the client
// answers the 403 by logging in once and repeating the lookup.
func TestServerExpiryRelogsIn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client()
	if _, err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	stale, _ := e.tokens.Load(ctx)
	stale.Value = "0123456789ABCDEF0123456789ABCDEF" // a session the server no longer has
	if err := e.tokens.Save(ctx, stale); err != nil {
		t.Fatal(err)
	}
	res, err := c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/login", "POST /unite/unitecheckrenewal")
	if res.Token == "0123456789ABCDEF0123456789ABCDEF" {
		t.Error("the rejected token was kept")
	}
}

func TestBuildRenewalMatchesWhatIsSent(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if err != nil {
		t.Fatal(err)
	}
	params, err := c.RenewalParams(bihu.RenewalRequest{LicenseNo: "京J97896"})
	if err != nil {
		t.Fatal(err)
	}
	sr := c.BuildRenewal(params, res.Token)
	if string(sr.Body) != e.last("/unite/unitecheckrenewal").RawBody {
		t.Error("BuildRenewal's body differs from what Renew sent")
	}
	if strings.Contains(sr.Canonical, sandbox.TestSecretKey) || strings.Contains(sr.Canonical, res.Token) ||
		!strings.Contains(sr.Canonical, "&secretKey=****&TimeStamp=") {
		t.Error("SignedRequest.Canonical is not masked")
	}
}

// Under --dry-run the transport answers httpx.ErrDryRun; it must stay
// recognisable, and the Call must name every secret the request holds.
func TestDryRunAndCall(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.client().Login(ctx); err != nil {
		t.Fatal(err)
	}
	var calls []httpx.Call
	cfg := e.config()
	cfg.HTTP = &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		call, _ := httpx.CallFrom(r.Context())
		calls = append(calls, call)
		return nil, httpx.ErrDryRun
	})}
	_, err := bihu.New(cfg).Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
	if !errors.Is(err, httpx.ErrDryRun) {
		t.Fatalf("want ErrDryRun, got %v", err)
	}
	if len(calls) != 1 {
		t.Fatalf("%d calls", len(calls))
	}
	call := calls[0]
	tok, _ := e.tokens.Load(ctx)
	if call.Provider != "bihu" || call.Operation != "renewal" || call.Keys["plate"] != "京J97896" {
		t.Errorf("call %s %s keys %v", call.Provider, call.Operation, call.Keys)
	}
	has := map[string]bool{}
	for _, s := range call.Secrets {
		has[s] = true
	}
	if !has[sandbox.TestSecretKey] || !has[tok.Value] || len(call.Secrets) != 2 {
		t.Errorf("call secrets: %d values, want secret key and token", len(call.Secrets))
	}
	// The SecCode is this request's alone: masked by its Redactor, not
	// remembered by the process.
	if len(call.PerRequest) != 1 || !upperHex.MatchString(call.PerRequest[0]) || has[call.PerRequest[0]] {
		t.Errorf("call per-request values: %d, want the SecCode alone", len(call.PerRequest))
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
