package paoding_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// quotaError asserts err is the 10040 of op: exit 7, the operation named,
// and a hint giving the day's limit and when it resets.
func quotaError(t *testing.T, err error, op, limit string) {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("%s: want a quota error, got %v", op, err)
	}
	if fe.Code != "10040" || fe.ExitCode() != 7 || fe.Operation != op ||
		!strings.Contains(fe.Message, "daily quota for "+op+" is exhausted") {
		t.Errorf("%s: code %s exit %d operation %s: %s", op, fe.Code, fe.ExitCode(), fe.Operation, fe.Message)
	}
	if !strings.Contains(fe.Hint, op+" allows "+limit+";") || !strings.Contains(fe.Hint, "midnight (China time)") {
		t.Errorf("%s: hint %q, want the limit %q", op, fe.Hint, limit)
	}
}

// The sandbox's quotas are the document's test-environment figures, per
// operation: brand.list's 500th call of the day passes, its 501st is
// 10040, and brandFactory.list, counted apart, still answers.
func TestBrandListQuotaIsTheDocumentsFiveHundred(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	c := e.client()
	for i := 1; i <= 500; i++ {
		if _, _, err := c.Brands(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	_, _, err := c.Brands(ctx)
	quotaError(t, err, paoding.OpBrandList, "100 calls a day in production and 500 in the test environment")
	if n := e.count(paoding.OpBrandList); n != 500 {
		t.Errorf("counted %d brand.list calls, want 500: the refused one is not counted", n)
	}
	if _, _, err := c.BrandFactories(ctx, ""); err != nil {
		t.Errorf("brandFactory.list shares brand.list's quota: %v", err)
	}
}

// Where the document gives one figure for both environments, the hint
// says so instead of naming it twice as if there were two limits.
func TestQuotaHintOfAOneFigureQuota(t *testing.T) {
	e := newEnv(t, sandbox.Options{Quotas: map[string]int{paoding.OpReportBuy: 1}})
	c := e.client()
	buy := paoding.BuyRequest{BrandFactoryID: 20, VIN: "LSVAU2180N2183294", OrderID: "Q1", NotifyURL: "https://p.example.com/n"}
	if _, _, err := c.BuyReport(ctx, buy); err != nil {
		t.Fatal(err)
	}
	buy.OrderID = "Q2"
	_, _, err := c.BuyReport(ctx, buy)
	quotaError(t, err, paoding.OpReportBuy, "20000 calls a day, in production and in the test environment alike")
	if o, _ := e.box.Order("Q2"); o != nil {
		t.Error("an order refused for the quota was placed")
	}
}

// What counts: a call the operation answered with a business refusal
// (20010) counts, as the document limits calls, not successes; a call
// refused for its token (10030, before the platform knows whose it is)
// does not, nor does the 10040 itself.
func TestWhatCountsAgainstAQuota(t *testing.T) {
	e := newEnv(t, sandbox.Options{Quotas: map[string]int{paoding.OpBrandFactoryGet: 2}})
	_ = e.tokens.Save(ctx, &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", IssuedAt: start, ExpiresAt: start.Add(time.Hour)})
	c := e.client()
	if _, _, err := c.BrandFactory(ctx, 9999); !hasFailureCode(err, "20010") {
		t.Fatalf("unknown factory: %v", err)
	}
	// The stale token was refused (10030, not counted), a login followed,
	// and the repeat was answered 20010 (counted).
	if n := len(e.requests(paoding.PathBrandFactoryGet)); n != 2 || e.count(paoding.OpBrandFactoryGet) != 1 {
		t.Fatalf("sent %d, counted %d", n, e.count(paoding.OpBrandFactoryGet))
	}
	if _, _, err := c.BrandFactory(ctx, 20); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.BrandFactory(ctx, 20)
	quotaError(t, err, paoding.OpBrandFactoryGet, "20000 calls a day, in production and in the test environment alike")
	if n := e.count(paoding.OpBrandFactoryGet); n != 2 {
		t.Errorf("counted %d, want 2", n)
	}
}

func hasFailureCode(err error, code string) bool {
	var fe *failure.Error
	return errors.As(err, &fe) && fe.Code == code
}

// A cached token reaching exactly its 120 minutes is over (the sandbox
// refuses it at that instant): the client logs in again, without trying
// a refresh the server would refuse, and sends the call once.
func TestCachedTokenAtExactly120MinutesLogsIn(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	first, err := e.client().GenerateToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(120 * time.Minute)
	if _, _, err := e.client().Brands(ctx); err != nil {
		t.Fatal(err)
	}
	cached, _ := e.tokens.Load(ctx)
	if e.count(paoding.OpTokenGenerate) != 2 || e.count(paoding.OpTokenRefresh) != 0 || cached.Value == first.Value {
		t.Errorf("generate %d refresh %d", e.count(paoding.OpTokenGenerate), e.count(paoding.OpTokenRefresh))
	}
	if n := len(e.requests(paoding.PathBrandList)); n != 1 {
		t.Errorf("brand.list sent %d times, want 1", n)
	}
}

// A server that refuses every token: the call is repeated once after one
// login, then fails (exit 3), with no loop of logins.
func TestTokenRefusedAgainAfterLoginDoesNotLoop(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	var mu sync.Mutex
	lists := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == paoding.PathBrandList {
			mu.Lock()
			lists++
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"code":"10030","remark":"未授权","data":{}}`))
			return
		}
		e.box.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := e.config()
	cfg.BaseURL = srv.URL
	_, _, err := paoding.New(cfg).Brands(ctx)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != "10030" || fe.ExitCode() != 3 {
		t.Fatalf("want 10030, exit 3: %v", err)
	}
	if lists != 2 || e.count(paoding.OpTokenGenerate) != 2 {
		t.Errorf("brand.list sent %d times (want 2), generate %d (want 2: the first token, one re-login)", lists, e.count(paoding.OpTokenGenerate))
	}
}

// Workers of a batch refused together (the platform dropped the token)
// share one new login.
func TestConcurrentRefusalsLogInOnce(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_ = e.tokens.Save(ctx, &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", RefreshToken: "fedcba9876543210fedcba9876543210",
		IssuedAt: start, ExpiresAt: start.Add(time.Hour)})
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = e.client().BrandFactory(ctx, 20)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if g, r := e.count(paoding.OpTokenGenerate), e.count(paoding.OpTokenRefresh); g != 1 || r != 0 {
		t.Errorf("generate %d refresh %d, want one login", g, r)
	}
}
