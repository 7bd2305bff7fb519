package paoding_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

func TestGenerateTokenSendsSignAndCaches(t *testing.T) {
	for _, field := range []string{"token", "authorizationToken"} {
		t.Run(field, func(t *testing.T) {
			e := newEnv(t, sandbox.Options{TokenField: field})
			tok, err := e.client().GenerateToken(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(tok.Value) != 32 || len(tok.RefreshToken) != 32 || !tok.ExpiresAt.Equal(start.Add(120*time.Minute)) {
				t.Errorf("token: len %d, refresh len %d, expires %s", len(tok.Value), len(tok.RefreshToken), tok.ExpiresAt)
			}
			cached, _ := e.tokens.Load(ctx)
			if cached == nil || cached.Value != tok.Value {
				t.Error("the token was not cached")
			}
			reqs := e.requests(paoding.PathTokenGenerate)
			if len(reqs) != 1 {
				t.Fatalf("sandbox saw %d generate requests", len(reqs))
			}
			r := reqs[0]
			if r.Method != "POST" || r.ContentType != "application/x-www-form-urlencoded;charset=UTF-8" {
				t.Errorf("method %s, content type %q", r.Method, r.ContentType)
			}
			if r.Header.Get("Api-4s-Version") != "1.0" || r.Header.Get("Authorization-Token") != "" {
				t.Errorf("headers: version %q, token present %v", r.Header.Get("Api-4s-Version"), r.Header.Get("Authorization-Token") != "")
			}
			if r.Form.Get("userName") != sandbox.TestUsername || r.Form.Get("sign") != paoding.Sign(sandbox.TestUsername, sandbox.TestPassword) {
				t.Error("generate form does not carry userName and the documented sign")
			}
			c := e.callsFor(paoding.OpTokenGenerate)
			if len(c) != 1 || c[0].Provider != "paoding" {
				t.Fatalf("calls: %d", len(c))
			}
			for _, s := range []string{sandbox.TestPassword, paoding.PasswordDigest(sandbox.TestPassword), r.Form.Get("sign")} {
				if !slices.Contains(c[0].Secrets, s) {
					t.Error("a secret of the generate request is not listed for masking")
				}
			}
		})
	}
}

func TestGenerateWrongPasswordIsAuth(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.config()
	cfg.Password = "wrong"
	_, err := paoding.New(cfg).GenerateToken(ctx)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != "10020" || fe.ExitCode() != 3 || fe.Hint == "" {
		t.Fatalf("err = %v", err)
	}
	if cached, _ := e.tokens.Load(ctx); cached != nil {
		t.Error("a failed login left a token in the cache")
	}
}

// The client sends a user name over 15 characters as given (the profile
// refuses one when it is written); the platform answers it as a wrong
// account, 10020, which is an Auth error like a wrong password.
func TestGenerateOverlongUserNameIsAuth(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.config()
	cfg.Username = strings.Repeat("u", 16)
	_, err := paoding.New(cfg).GenerateToken(ctx)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != "10020" || fe.ExitCode() != 3 || !strings.Contains(fe.Hint, "at most 15 characters") {
		t.Fatalf("err = %v (hint %q)", err, hintOf(err))
	}
	// 10010 on generate is then what else the request carries: here the
	// version header in the old spelling, which the sandbox does not read.
	cfg = e.config()
	cfg.HeaderStyle = paoding.HeaderStyleUnderscores
	_, err = paoding.New(cfg).GenerateToken(ctx)
	if !errors.As(err, &fe) || fe.Code != "10010" || !strings.Contains(fe.Hint, "header-style") {
		t.Fatalf("underscores: err = %v (hint %q)", err, hintOf(err))
	}
}

func TestTokenLifecycle(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	c := e.client()
	first, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(100 * time.Minute)
	again, err := c.Token(ctx)
	if err != nil || again.Value != first.Value || e.count(paoding.OpTokenRefresh) != 0 {
		t.Fatalf("a token with 20 minutes left was not reused (err %v)", err)
	}

	e.clock.Advance(15 * time.Minute) // 5 minutes left: inside the margin
	refreshed, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if refreshed.Value != first.Value || refreshed.RefreshToken == first.RefreshToken {
		t.Error("a refresh should keep the token and replace the refresh token")
	}
	if want := e.clock.Now().Add(120 * time.Minute); !refreshed.ExpiresAt.Equal(want) {
		t.Errorf("expires %s, want %s", refreshed.ExpiresAt, want)
	}
	r := e.requests(paoding.PathTokenRefresh)
	if len(r) != 1 || r[0].Form.Get("refreshToken") != first.RefreshToken || r[0].Header.Get("Authorization-Token") != first.Value {
		t.Fatal("the refresh did not send the cached token and refresh token")
	}
	if cl := e.callsFor(paoding.OpTokenRefresh); !slices.Contains(cl[0].Secrets, first.RefreshToken) || !slices.Contains(cl[0].Secrets, first.Value) {
		t.Error("token and refresh token are not listed as secrets")
	}

	e.clock.Advance(3 * time.Hour) // expired: a refresh is no longer possible
	fresh, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Value == first.Value || e.count(paoding.OpTokenGenerate) != 2 || e.count(paoding.OpTokenRefresh) != 1 {
		t.Errorf("expired token: generate %d, refresh %d", e.count(paoding.OpTokenGenerate), e.count(paoding.OpTokenRefresh))
	}
}

// Another process spent the refresh token this process cached: the server
// answers 10010 and the client logs in again.
func TestSpentRefreshTokenFallsBackToGenerate(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	a := e.client()
	tok, err := a.GenerateToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stale := &tokencache.Memory{}
	_ = stale.Save(ctx, tok)
	if _, err := a.RefreshToken(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.Tokens = stale
	b := paoding.New(cfg)
	e.clock.Advance(115 * time.Minute)
	got, err := b.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Value == tok.Value || e.count(paoding.OpTokenGenerate) != 2 || e.count(paoding.OpTokenRefresh) != 2 {
		t.Errorf("generate %d refresh %d", e.count(paoding.OpTokenGenerate), e.count(paoding.OpTokenRefresh))
	}
	if _, err := b.RefreshToken(ctx); err != nil {
		t.Errorf("refreshing the new token: %v", err)
	}
}

// Nothing is sent and nothing refused, so it is exit 2 (as `token show`
// with nothing cached), not 3.
func TestRefreshWithoutTokenIsUsage(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_, err := e.client().RefreshToken(ctx)
	if failure.KindOf(err) != failure.Usage || len(e.seen) != 0 {
		t.Fatalf("err = %v", err)
	}
}

// barrier makes every caller of Lock wait until n callers have loaded the
// token, so both refreshers see the same token before either refreshes.
type barrier struct {
	*tokencache.Memory
	wg *sync.WaitGroup
}

func (b barrier) Lock(ctx context.Context, fn func() error) error {
	b.wg.Done()
	b.wg.Wait()
	return b.Memory.Lock(ctx, fn)
}

func TestConcurrentRefreshSpendsRefreshTokenOnce(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	if _, err := e.client().GenerateToken(ctx); err != nil {
		t.Fatal(err)
	}
	wg := &sync.WaitGroup{}
	wg.Add(2)
	shared := barrier{e.tokens, wg}
	results := make([]*tokencache.Token, 2)
	errs := make([]error, 2)
	var done sync.WaitGroup
	for i := range 2 {
		done.Add(1)
		go func() {
			defer done.Done()
			cfg := e.config()
			cfg.Tokens = shared
			results[i], errs[i] = paoding.New(cfg).RefreshToken(ctx)
		}()
	}
	done.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("refresh failed: %v", err)
		}
	}
	if n := e.count(paoding.OpTokenRefresh); n != 1 {
		t.Fatalf("sandbox saw %d refreshes, want 1", n)
	}
	if results[0].RefreshToken != results[1].RefreshToken {
		t.Error("the two clients ended with different refresh tokens")
	}
}

func TestConcurrentTokenRefreshesOnce(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	if _, err := e.client().GenerateToken(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(115 * time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.client().Token(ctx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if e.count(paoding.OpTokenRefresh) != 1 || e.count(paoding.OpTokenGenerate) != 1 {
		t.Errorf("refresh %d generate %d", e.count(paoding.OpTokenRefresh), e.count(paoding.OpTokenGenerate))
	}
}

// A token the server does not know (revoked, or from another environment)
// is replaced once and the call repeated.
func TestRejectedTokenIsReplacedAndCallRetried(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_ = e.tokens.Save(ctx, &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", RefreshToken: "fedcba9876543210fedcba9876543210",
		IssuedAt: start, ExpiresAt: start.Add(time.Hour)})
	brands, _, err := e.client().Brands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(brands) == 0 {
		t.Error("no brands")
	}
	if n := len(e.requests(paoding.PathBrandList)); n != 2 {
		t.Errorf("brand list sent %d times, want 2", n)
	}
	if e.count(paoding.OpTokenGenerate) != 1 {
		t.Errorf("generate %d", e.count(paoding.OpTokenGenerate))
	}
	cached, _ := e.tokens.Load(ctx)
	if cached.Value == "0123456789abcdef0123456789abcdef" {
		t.Error("the rejected token is still cached")
	}
}

func TestRejectedTokenOnBuyRetriesOnce(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_ = e.tokens.Save(ctx, &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", IssuedAt: start, ExpiresAt: start.Add(time.Hour)})
	_, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{BrandFactoryID: 20, VIN: "LSVAU2180N2183294", OrderID: "R1", NotifyURL: "https://p.example.com/n"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.requests(paoding.PathReportBuy)); n != 2 || e.count(paoding.OpReportBuy) != 1 {
		t.Errorf("buy sent %d times, accepted %d", n, e.count(paoding.OpReportBuy))
	}
	if o, err := e.box.Order("R1"); err != nil || o.VIN != "LSVAU2180N2183294" {
		t.Errorf("order %+v (%v)", o, err)
	}
}

// The document: a token that fails validation is replaced by logging in
// again (token/generate). A refresh carries the rejected token in its
// Authorization-Token header, so trying one first only spends a refresh
// call (and its daily quota) on a certain 10030.
func TestRejectedTokenIsNotRefreshedButRegenerated(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_ = e.tokens.Save(ctx, &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", RefreshToken: "fedcba9876543210fedcba9876543210",
		IssuedAt: start, ExpiresAt: start.Add(time.Hour)})
	if _, _, err := e.client().Brands(ctx); err != nil {
		t.Fatal(err)
	}
	if r := e.requests(paoding.PathTokenRefresh); len(r) != 0 {
		t.Errorf("sent %d refreshes with the rejected token, want none", len(r))
	}
	if n := len(e.requests(paoding.PathTokenGenerate)); n != 1 {
		t.Errorf("sent %d logins, want 1", n)
	}
}

// `token refresh` with a token whose two hours are over logs in again
// without sending the expired token to token/refresh.
func TestRefreshOfAnExpiredTokenLogsInWithoutRefreshing(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	first, err := e.client().GenerateToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(121 * time.Minute)
	got, err := e.client().RefreshToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.requests(paoding.PathTokenRefresh); len(r) != 0 {
		t.Errorf("sent %d refreshes of an expired token, want none", len(r))
	}
	if n := len(e.requests(paoding.PathTokenGenerate)); n != 2 || got.Value == first.Value {
		t.Errorf("logins %d, token replaced %v", n, got.Value != first.Value)
	}
	if want := e.clock.Now().Add(120 * time.Minute); !got.ExpiresAt.Equal(want) {
		t.Errorf("expires %s, want %s", got.ExpiresAt, want)
	}
}

// slowTransport advances the fake clock while a request is in flight, as
// a slow network would.
type slowTransport struct {
	clock *clock
	by    time.Duration
}

func (s slowTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	s.clock.Advance(s.by)
	return resp, err
}

// The document gives a token two hours. A longer effectiveDuration is not
// trusted beyond that, and the two hours run from when the request was
// sent, not from when a slow answer arrived: the cached token never
// outlives the platform's.
func TestTokenLifetimeIsCappedAndCountedFromTheRequest(t *testing.T) {
	var gen, ref atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case paoding.PathTokenGenerate:
			gen.Add(1)
			io.WriteString(w, `{"code":"10000","remark":"成功","data":{"token":"0123456789abcdef0123456789abcdef","refreshToken":"fedcba9876543210fedcba9876543210","effectiveDuration":"7200"}}`)
		case paoding.PathTokenRefresh:
			ref.Add(1)
			io.WriteString(w, `{"code":"10000","remark":"成功","data":{"refreshToken":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","effectiveDuration":"120"}}`)
		}
	}))
	defer srv.Close()
	clk := &clock{t: start}
	tc := &tokencache.Memory{}
	c := paoding.New(paoding.Config{BaseURL: srv.URL, Username: "acme", Password: "pw", Tokens: tc, Now: clk.Now,
		HTTP: &http.Client{Transport: slowTransport{clk, 3 * time.Minute}}})
	tok, err := c.GenerateToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := start.Add(120 * time.Minute); !tok.ExpiresAt.Equal(want) || !tok.IssuedAt.Equal(start) {
		t.Errorf("generate: issued %s, expires %s; want %s, %s", tok.IssuedAt, tok.ExpiresAt, start, want)
	}
	sent := clk.Now()
	tok, err = c.RefreshToken(ctx)
	if err != nil || ref.Load() != 1 {
		t.Fatalf("refresh: %v (%d sent)", err, ref.Load())
	}
	if want := sent.Add(120 * time.Minute); !tok.ExpiresAt.Equal(want) {
		t.Errorf("refresh: expires %s, want %s", tok.ExpiresAt, want)
	}
}

// The document's overview calls the login /4s/token/get, its interface
// table /4s/token/generate. The client sends generate and, only when that
// is not found, the same login under the other name; a server with
// neither gets the first 404 reported.
func TestGenerateFallsBackToTokenGetOn404(t *testing.T) {
	for _, serveGet := range []bool{true, false} {
		var paths []string
		var mu sync.Mutex
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			mu.Lock()
			paths = append(paths, r.Method+" "+r.URL.Path+" "+r.Header.Get(paoding.HeaderVersion)+" "+r.PostForm.Get("userName"))
			mu.Unlock()
			if r.URL.Path != paoding.PathTokenGet || !serveGet {
				http.NotFound(w, r)
				return
			}
			io.WriteString(w, `{"code":"10000","remark":"成功","data":{"token":"0123456789abcdef0123456789abcdef","refreshToken":"fedcba9876543210fedcba9876543210","effectiveDuration":"120"}}`)
		}))
		tok, err := paoding.New(paoding.Config{BaseURL: srv.URL, Username: "acme", Password: "pw", Tokens: &tokencache.Memory{}}).GenerateToken(ctx)
		srv.Close()
		want := []string{"POST /4s/token/generate 1.0 acme", "POST /4s/token/get 1.0 acme"}
		if !slices.Equal(paths, want) {
			t.Errorf("serveGet=%v: sent %q, want %q", serveGet, paths, want)
		}
		if serveGet && (err != nil || tok.Value != "0123456789abcdef0123456789abcdef") {
			t.Errorf("fallback: %v", err)
		}
		if fe := asFailure(err); !serveGet && (fe == nil || fe.Code != "404" || !strings.Contains(fe.Hint, "without /4s")) {
			t.Errorf("neither path: %v", err)
		}
	}
}

// failPath answers every request to one path with a status (0: a network
// error) and passes the rest on.
type failPath struct {
	path   string
	status int
	next   http.RoundTripper
	hits   atomic.Int32
}

func (f *failPath) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != f.path {
		return f.next.RoundTrip(r)
	}
	f.hits.Add(1)
	if f.status == 0 {
		return nil, errors.New("connection reset by peer")
	}
	return &http.Response{StatusCode: f.status, Status: http.StatusText(f.status), Header: http.Header{"Content-Type": {"text/html"}},
		Body: io.NopCloser(strings.NewReader("<html>bad gateway</html>")), Request: r}, nil
}

// A token with under 10 minutes left is refreshed; when the refresh fails
// for a reason other than the token's refusal (a quota, a 5xx, the
// network), the business call goes on with the token, which still works,
// and fails only once the token has expired.
func TestFailedRefreshGoesOnWithTheStillValidToken(t *testing.T) {
	cases := []struct {
		name   string
		quota  bool
		status int
	}{
		{"quota 10040", true, 0},
		{"502", false, http.StatusBadGateway},
		{"network", false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := sandbox.Options{}
			if tc.quota {
				opts.Quotas = map[string]int{paoding.OpTokenRefresh: 0}
			}
			e := newEnv(t, opts)
			cfg := e.config()
			fp := &failPath{path: "/none", next: cfg.HTTP.Transport}
			if !tc.quota {
				fp.path, fp.status = paoding.PathTokenRefresh, tc.status
			}
			cfg.HTTP = &http.Client{Transport: fp}
			c := paoding.New(cfg)
			first, err := c.Token(ctx)
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(115 * time.Minute) // 5 minutes left
			brands, _, err := c.Brands(ctx)
			if err != nil || len(brands) == 0 {
				t.Fatalf("brands with a still-valid token after a failed refresh: %v", err)
			}
			if tc.quota && len(e.requests(paoding.PathTokenRefresh)) != 1 || !tc.quota && fp.hits.Load() != 1 {
				t.Fatalf("the refresh was not tried once: sandbox %d, failed %d", len(e.requests(paoding.PathTokenRefresh)), fp.hits.Load())
			}
			got := e.requests(paoding.PathBrandList)
			if len(got) != 1 || got[0].Header.Get("Authorization-Token") != first.Value {
				t.Fatalf("the brand list did not go with the cached token")
			}
			if n := e.count(paoding.OpTokenGenerate); n != 1 {
				t.Fatalf("%d logins; a still-valid token needs none", n)
			}
			// The next call within a minute does not try again.
			if _, _, err := c.Brands(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(e.requests(paoding.PathTokenRefresh)) + int(fp.hits.Load()); n != 1 {
				t.Errorf("%d refresh attempts within a minute of a failed one, want 1", n)
			}
		})
	}
}

// Once the token has expired, nothing stands in for a failed renewal.
func TestFailedRenewalOfAnExpiredTokenFails(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.config()
	fp := &failPath{path: paoding.PathTokenGenerate, status: http.StatusBadGateway, next: cfg.HTTP.Transport}
	if _, err := paoding.New(cfg).Token(ctx); err != nil {
		t.Fatal(err)
	}
	cfg.HTTP = &http.Client{Transport: fp}
	e.clock.Advance(121 * time.Minute)
	_, _, err := paoding.New(cfg).Brands(ctx)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 5 || fp.hits.Load() == 0 {
		t.Fatalf("err %v, generate attempts %d", err, fp.hits.Load())
	}
	if n := len(e.requests(paoding.PathBrandList)); n != 0 {
		t.Fatalf("the brand list was sent with an expired token")
	}
}

// A token is the user name's that logged in for it: with another user
// name (the profile's changed, or INSURE_PAODING_USERNAME) the client logs
// in as that user instead of calling with the other account's token.
func TestCachedTokenOfAnotherUserIsNotUsed(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	if _, err := e.client().GenerateToken(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.Username = "nobody"
	_, err := paoding.New(cfg).Token(ctx)
	if failure.KindOf(err) != failure.Auth {
		t.Fatalf("another user's token was used, or the login was not refused: %v", err)
	}
	if n := e.count(paoding.OpTokenGenerate); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
	// The first user's token is still theirs.
	if got, err := e.client().Token(ctx); err != nil || got == nil {
		t.Errorf("the first user: %v", err)
	}
}
