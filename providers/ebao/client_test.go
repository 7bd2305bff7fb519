package ebao_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

// received is one request as the sandbox saw it.
type received struct {
	Method, Path, ContentType string
	Query                     map[string]string
	Body                      []byte
}

type recorder struct {
	mu   sync.Mutex
	reqs []received
	next http.Handler
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	q := map[string]string{}
	for k := range req.URL.Query() {
		q[k] = req.URL.Query().Get(k)
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, received{req.Method, req.URL.Path, req.Header.Get("Content-Type"), q, body})
	r.mu.Unlock()
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.next.ServeHTTP(w, req)
}

func (r *recorder) last(t *testing.T) received {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("the sandbox received nothing")
	}
	return r.reqs[len(r.reqs)-1]
}

// 23 November 2026, 10:00 in Beijing: numbers carry 261123.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

type env struct {
	client *ebao.Client
	rec    *recorder
	store  state.Store
	srv    *httptest.Server
}

// newEnv runs the sandbox over real HTTP. wrap, when set, sits between the
// client and the sandbox (to tamper with or strip answers).
func newEnv(t *testing.T, cfg ebao.Config, opts sandbox.Options, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	if opts.State == nil {
		opts.State = state.NewMemory()
	}
	opts.Now = func() time.Time { return testNow }
	var h http.Handler = sandbox.New(opts)
	if wrap != nil {
		h = wrap(h)
	}
	rec := &recorder{next: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL
	cfg.HTTP = srv.Client()
	if cfg.AccessKey == "" {
		cfg.AccessKey = sandbox.TestAccessKey
	}
	if cfg.SecretKey == "" {
		cfg.SecretKey = sandbox.TestSecretKey
	}
	return &env{client: ebao.New(cfg), rec: rec, store: opts.State, srv: srv}
}

func example(t *testing.T, name string) []byte {
	t.Helper()
	b, err := ebao.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func asFailure(t *testing.T, err error, kind failure.Kind) *failure.Error {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want *failure.Error of kind %v, got %v", kind, err)
	}
	if fe.Kind != kind {
		t.Fatalf("kind %v (exit %d), want %v: %v", fe.Kind, fe.ExitCode(), kind, err)
	}
	return fe
}

func TestQuoteIssueCancel(t *testing.T) {
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
	ctx := context.Background()
	quoteBody := example(t, "quote")

	q, err := e.client.Quote(ctx, quoteBody)
	if err != nil {
		t.Fatal(err)
	}
	if q.QuotationNumber != "Q2611230000000001" {
		t.Errorf("quotationNumber %s", q.QuotationNumber)
	}
	f := q.Fee
	if f.SGP.String() != "30" || f.SNP.String() != "30" || f.AGP.String() != "30" || f.ANP.String() != "30" || f.APP.String() != "30" || f.Commission.String() != "0" {
		t.Errorf("fee %+v, want the document's 30s", f)
	}
	if len(q.Warnings) != 0 || !json.Valid(q.Raw) {
		t.Errorf("warnings %v, raw %s", q.Warnings, q.Raw)
	}
	got := e.rec.last(t)
	if got.Method != http.MethodPost || got.Path != ebao.PathQuotation || got.ContentType != "application/json" {
		t.Errorf("sandbox received %s %s (%s)", got.Method, got.Path, got.ContentType)
	}
	if !bytes.Equal(got.Body, quoteBody) {
		t.Error("the body on the wire differs from the bytes given")
	}
	if got.Query["version"] != "1" || got.Query["accessKey"] != sandbox.TestAccessKey || got.Query["signature"] != ebao.Sign(quoteBody, sandbox.TestSecretKey) {
		t.Errorf("query %v", got.Query)
	}

	issueBody, err := ebao.WithQuotationNumber(example(t, "issue"), q.QuotationNumber)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.client.Issue(ctx, issueBody)
	if err != nil {
		t.Fatal(err)
	}
	if p.PolicyNumber != "P2611230000000001" || p.Status != "EFFECTIVE" {
		t.Errorf("issuance %+v", p)
	}
	if got := e.rec.last(t); got.Path != ebao.PathIssuance || !bytes.Equal(got.Body, issueBody) {
		t.Errorf("issuance received at %s", got.Path)
	}

	_, err = e.client.Issue(ctx, issueBody)
	fe := asFailure(t, err, failure.Refused)
	if fe.Code != "400" || !strings.Contains(fe.Message, "already issued") || fe.ExitCode() != 4 {
		t.Errorf("second issuance: %v", err)
	}

	cancelBody := ebao.NewCancellation(p.PolicyNumber, sandbox.TestChannelCode, ebao.ApplyByPolicyHolder, testNow.AddDate(0, 2, 0))
	c, err := e.client.Cancel(ctx, cancelBody)
	if err != nil {
		t.Fatal(err)
	}
	if c.EndorsementNumber != "E2611230000000001" || c.Success == nil || !*c.Success {
		t.Errorf("cancellation %+v", c)
	}
	if got := e.rec.last(t); got.Path != ebao.PathCancellation || !bytes.Equal(got.Body, cancelBody) {
		t.Errorf("cancellation received at %s", got.Path)
	}

	_, err = e.client.Cancel(ctx, cancelBody)
	fe = asFailure(t, err, failure.Refused)
	if !strings.Contains(fe.Message, "not effective") || !strings.Contains(fe.Message, "policyNumber") {
		t.Errorf("second cancellation: %v", err)
	}
}

func TestPremiumFollowsPlanComponentsCampaignAndChannel(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]any
		sgp     string
		app     string
		comm    string
	}{
		{"document example", nil, "30", "30", "0"},
		{"plan 2 doubles", map[string]any{"insuredObjects.0.plan_code": "Plan_2"}, "60", "60", "0"},
		{"without ACC_DEATH", map[string]any{"insuredObjects.0.componentSelection.ACC_DEATH": false}, "18", "18", "0"},
		{"campaign_2 takes 10%", map[string]any{"campaigns": []any{map[string]any{"code": "campaign_2", "voucher": "SAVE10"}}}, "30", "27", "0"},
		{"CHANNEL01 earns 10%", map[string]any{"channelCode": "CHANNEL01", "insuredObjects.0.componentSelection.ACC_BURN": false}, "26", "26", "2.6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
			q, err := e.client.Quote(context.Background(), edit(t, "quote", tt.changes))
			if err != nil {
				t.Fatal(err)
			}
			if string(q.Fee.SGP) != tt.sgp || string(q.Fee.APP) != tt.app || string(q.Fee.Commission) != tt.comm {
				t.Errorf("SGP %s APP %s COMMISSION %s, want %s %s %s", q.Fee.SGP, q.Fee.APP, q.Fee.Commission, tt.sgp, tt.app, tt.comm)
			}
		})
	}
}

func TestValidationHappensBeforeSending(t *testing.T) {
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
	_, err := e.client.Quote(context.Background(), edit(t, "quote", map[string]any{"policyHolder.PH006": "123", "policyHolder.PH015": "nobody"}))
	fe := asFailure(t, err, failure.Usage)
	if len(fe.Fields) != 2 {
		t.Errorf("fields %v", fe.Fields)
	}
	_, err = e.client.Cancel(context.Background(), []byte(`{}`))
	asFailure(t, err, failure.Usage)
	if len(e.rec.reqs) != 0 {
		t.Errorf("the sandbox received %d requests", len(e.rec.reqs))
	}
}

func TestServiceRefusalsNameTheField(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]any
		field   string
	}{
		{"unknown plan", map[string]any{"insuredObjects.0.plan_code": "Plan_9"}, "insuredObjects[0].plan_code"},
		{"effective date in the past", map[string]any{"effectiveDate": "2026-11-01T00:00:00.000Z"}, "effectiveDate"},
		{"wrong voucher", map[string]any{"campaigns.0.voucher": "zzz"}, "campaigns[0].voucher"},
		{"coverage without its group", map[string]any{"insuredObjects.0.componentSelection.Veh_Owner_Guard": false}, "insuredObjects[0].componentSelection.ACC_BURN"},
		{"unknown product", map[string]any{"productId": "nope:1"}, "productId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
			_, err := e.client.Quote(context.Background(), edit(t, "quote", tt.changes))
			fe := asFailure(t, err, failure.Refused)
			var se *ebao.ServerError
			if fe.Code != "400" || !strings.HasPrefix(fe.Message, tt.field+":") || !errors.As(err, &se) || se.Path != ebao.PathQuotation {
				t.Errorf("got %v (code %s)", err, fe.Code)
			}
		})
	}
}

func TestIssueNeedsAKnownQuotation(t *testing.T) {
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
	ctx := context.Background()
	_, err := e.client.Issue(ctx, example(t, "issue"))
	if fe := asFailure(t, err, failure.Refused); !strings.HasPrefix(fe.Message, "quotationNumber:") {
		t.Errorf("no quotation: %v", err)
	}
	body, _ := ebao.WithQuotationNumber(example(t, "issue"), "Q2611230000000099")
	_, err = e.client.Issue(ctx, body)
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Message, "unknown quotation") {
		t.Errorf("unknown quotation: %v", err)
	}
	q, err := e.client.Quote(ctx, example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	changed := edit(t, "issue", map[string]any{"quotationNumber": q.QuotationNumber, "insuredObjects.0.plan_code": "Plan_2"})
	_, err = e.client.Issue(ctx, changed)
	if fe := asFailure(t, err, failure.Refused); !strings.HasPrefix(fe.Message, "insuredObjects:") {
		t.Errorf("changed cover: %v", err)
	}
	_, err = e.client.Cancel(ctx, example(t, "cancel"))
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Message, "unknown policy") {
		t.Errorf("unknown policy: %v", err)
	}
}

func TestWrongSecretIsAuth(t *testing.T) {
	e := newEnv(t, ebao.Config{SecretKey: "not-the-secret"}, sandbox.Options{}, nil)
	_, err := e.client.Quote(context.Background(), example(t, "quote"))
	fe := asFailure(t, err, failure.Auth)
	if fe.ExitCode() != 3 || fe.Code != "401" || !strings.Contains(fe.Hint, "re-serialis") {
		t.Errorf("got %v, hint %q", err, fe.Hint)
	}
	if strings.Contains(err.Error(), "not-the-secret") || strings.Contains(fe.Hint, "not-the-secret") {
		t.Error("the secret leaked into the error")
	}
	e = newEnv(t, ebao.Config{AccessKey: "someone-else"}, sandbox.Options{}, nil)
	_, err = e.client.Quote(context.Background(), example(t, "quote"))
	asFailure(t, err, failure.Auth)
}
