package ebao_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

// capture buffers the sandbox's answer so a test can alter it.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header         { return c.header }
func (c *capture) WriteHeader(s int)           { c.status = s }
func (c *capture) Write(b []byte) (int, error) { return c.body.Write(b) }

// alter returns middleware that lets fn change the sandbox's answer.
func alter(fn func(h http.Header, body []byte) []byte) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := &capture{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(c, r)
			body := fn(c.header, c.body.Bytes())
			for k, v := range c.header {
				w.Header()[k] = v
			}
			w.WriteHeader(c.status)
			_, _ = w.Write(body)
		})
	}
}

func TestTamperedAnswerIsVerificationWithRawBody(t *testing.T) {
	var sent []byte
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, alter(func(h http.Header, b []byte) []byte {
		sent = bytes.Replace(b, []byte(`"APP":30`), []byte(`"APP":3`), 1)
		return sent
	}))
	resp, err := e.client.Quote(context.Background(), example(t, "quote"))
	if resp != nil {
		t.Error("an unverified answer was returned as a response")
	}
	fe := asFailure(t, err, failure.Verification)
	var u *ebao.UnverifiedResponse
	if fe.ExitCode() != 6 || !errors.As(err, &u) || !bytes.Equal(u.Raw, sent) || u.Header != "signature" || u.Got == "" {
		t.Fatalf("got %v / %+v", err, u)
	}
	if !strings.Contains(fe.Message, "not trusted") || fe.Unknown {
		t.Errorf("message %q, unknown %v", fe.Message, fe.Unknown)
	}
}

func TestTamperedIssuanceLeavesOutcomeUnknown(t *testing.T) {
	body := `{"policyNumber":"P1","status":"EFFECTIVE"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("signature", ebao.Sign([]byte(`{"policyNumber":"P2","status":"EFFECTIVE"}`), sandbox.TestSecretKey))
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c := ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey})
	issue, _ := ebao.WithQuotationNumber(example(t, "issue"), "Q2611230000000001")
	_, err := c.Issue(context.Background(), issue)
	if fe := asFailure(t, err, failure.Verification); !fe.Unknown || !strings.Contains(fe.Hint, "Q2611230000000001") {
		t.Errorf("unknown %v, hint %q", fe.Unknown, fe.Hint)
	}
}

func TestMissingSignatureWarnsOrFails(t *testing.T) {
	strip := alter(func(h http.Header, b []byte) []byte { h.Del("signature"); return b })

	e := newEnv(t, ebao.Config{}, sandbox.Options{}, strip)
	q, err := e.client.Quote(context.Background(), example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Warnings) != 1 || !strings.Contains(q.Warnings[0], `no "signature" header`) {
		t.Errorf("warnings %v", q.Warnings)
	}

	e = newEnv(t, ebao.Config{RequireResponseSignature: true}, sandbox.Options{}, strip)
	_, err = e.client.Quote(context.Background(), example(t, "quote"))
	asFailure(t, err, failure.Verification)
	var u *ebao.UnverifiedResponse
	if !errors.As(err, &u) || !json.Valid(u.Raw) || u.Got != "" {
		t.Errorf("unverified %+v", u)
	}
}

func TestSignatureHeaderNameIsConfigurable(t *testing.T) {
	opts := sandbox.Options{SignatureHeader: "X-Ebao-Signature"}
	e := newEnv(t, ebao.Config{SignatureHeader: "X-Ebao-Signature", RequireResponseSignature: true}, opts, nil)
	if q, err := e.client.Quote(context.Background(), example(t, "quote")); err != nil || len(q.Warnings) != 0 {
		t.Fatalf("%v %v", err, q)
	}
	// A profile still on the default name is told where the signature is.
	e = newEnv(t, ebao.Config{}, opts, nil)
	q, err := e.client.Quote(context.Background(), example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Warnings) != 1 || !strings.Contains(q.Warnings[0], "X-Ebao-Signature") {
		t.Errorf("warnings %v", q.Warnings)
	}
}

// fixed answers every request with status and body, signed with the
// sandbox key unless sign is false.
func fixed(t *testing.T, status int, body string, sign bool) *ebao.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sign {
			w.Header().Set("signature", ebao.Sign([]byte(body), sandbox.TestSecretKey))
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey, HTTP: srv.Client()})
}

func TestUnknownMembersRoundTrip(t *testing.T) {
	body := `{"fee":{"COMMISSION":0,"APP":30.10,"AGP":30.10,"TAX":1.5},"quotationNumber":"Q1507160000000010","riskLevel":{"score":3}}`
	q, err := fixed(t, 200, body, true).Quote(context.Background(), example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Fee.APP.String() != "30.10" || string(q.Fee.Extra["TAX"]) != "1.5" || string(q.Extra["riskLevel"]) != `{"score":3}` {
		t.Errorf("decoded %+v / %+v", q, q.Fee)
	}
	if string(q.Raw) != body {
		t.Error("Raw is not the body as received")
	}
	out, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	_ = json.Unmarshal([]byte(body), &a)
	_ = json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("round trip\n in  %s\n out %s", body, out)
	}
}

func TestStatusMapping(t *testing.T) {
	tests := []struct {
		status  int
		body    string
		sign    bool
		kind    failure.Kind
		unknown bool
		msg     string
	}{
		{401, `{"status":401,"error":"Unauthorized","message":"bad signature","path":"/x"}`, false, failure.Auth, false, "bad signature"},
		{401, `{"status":401,"message":"bad signature"}`, true, failure.Auth, false, "bad signature"},
		{400, `{"status":400,"message":"policyHolder.PH006: bad"}`, true, failure.Refused, false, "policyHolder.PH006: bad"},
		{429, `busy`, false, failure.RateLimit, false, "busy"},
		// The shared table (insure help exit-codes): a 404 is the wrong
		// endpoint refusing the request, any 5xx a network failure.
		{404, `{"status":404,"error":"Not Found","message":"No message available"}`, false, failure.Refused, false, "Not Found"},
		{500, `{"errorMessage":"boom"}`, false, failure.Network, true, "boom"},
		{504, ``, false, failure.Network, true, "Gateway Timeout"},
		// A signed 200 that is not a policy leaves the issuance in doubt;
		// a signed 200 carrying an error is the service refusing.
		{200, `not json`, true, failure.Verification, true, "not the expected JSON"},
		{200, `{"status":"EFFECTIVE"}`, true, failure.Verification, true, "no policyNumber"},
		{200, `{"status":400,"error":"Bad Request","message":"policyHolder.PH006: bad"}`, true, failure.Refused, false, "policyHolder.PH006: bad"},
		{500, `{"message":"x"}`, true, failure.Network, true, "x"},
	}
	for _, tt := range tests {
		_, err := fixed(t, tt.status, tt.body, tt.sign).Issue(context.Background(), example(t, "issue"))
		fe := asFailure(t, err, tt.kind)
		if fe.Unknown != tt.unknown || !strings.Contains(fe.Message, tt.msg) {
			t.Errorf("HTTP %d %s: %v (unknown %v)", tt.status, tt.body, err, fe.Unknown)
		}
		if tt.kind == failure.Verification {
			var u *ebao.UnverifiedResponse
			if !errors.As(err, &u) || string(u.Raw) != tt.body {
				t.Errorf("HTTP %d: raw body not kept", tt.status)
			}
		}
	}
}

// A wrongly signed error answer is a verification failure too, except a
// refusal of credentials, where a wrong key explains both.
func TestWronglySignedErrorAnswers(t *testing.T) {
	for status, kind := range map[int]failure.Kind{400: failure.Verification, 401: failure.Auth} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("signature", ebao.Sign([]byte("other"), sandbox.TestSecretKey))
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"message":"x"}`))
		}))
		c := ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey})
		_, err := c.Quote(context.Background(), example(t, "quote"))
		srv.Close()
		fe := asFailure(t, err, kind)
		if kind == failure.Auth && !strings.Contains(fe.Message, "does not verify") {
			t.Errorf("401: %v", err)
		}
	}
}

func TestCancelSuccessFalseIsRefused(t *testing.T) {
	body := `{"endorsement_number":"","success":false}`
	resp, err := fixed(t, 200, body, true).Cancel(context.Background(), example(t, "cancel"))
	asFailure(t, err, failure.Refused)
	if resp == nil || string(resp.Raw) != body {
		t.Errorf("the answer is not returned with the refusal: %+v", resp)
	}
}

// dryRun stands in for the CLI transport under --dry-run: it records the
// Call and sends nothing.
type dryRun struct {
	call httpx.Call
	url  string
}

func (d *dryRun) RoundTrip(r *http.Request) (*http.Response, error) {
	d.call, _ = httpx.CallFrom(r.Context())
	d.url = r.URL.String()
	return nil, httpx.ErrDryRun
}

func TestDryRunAndCallDescription(t *testing.T) {
	tr := &dryRun{}
	c := ebao.New(ebao.Config{BaseURL: "http://ebao.invalid", AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey, HTTP: &http.Client{Transport: tr}})
	body, _ := ebao.WithQuotationNumber(example(t, "issue"), "Q2611230000000001")
	_, err := c.Issue(context.Background(), body)
	if !errors.Is(err, httpx.ErrDryRun) {
		t.Fatalf("want ErrDryRun, got %v", err)
	}
	if strings.Contains(err.Error(), ebao.Sign(body, sandbox.TestSecretKey)) {
		t.Error("the request signature is in the error message")
	}
	if failure.KindOf(err) == failure.Network {
		t.Error("a dry run is reported as a network failure")
	}
	// The signature is not listed: it is shown so it can be compared.
	// The journal keys every identifier the body carries; the holder's
	// and insured's names and ID numbers are hashed by the store.
	want := httpx.Call{Provider: "ebao", Operation: "issuance",
		Keys: map[string]string{"quotationNumber": "Q2611230000000001", "plate": "沪A6U615",
			"holderName": "Shop.Zhang", "holderIdNumber": "132456199001011234", "insuredName": "Shop.Zhang", "insuredIdNumber": "132456199001011234"},
		Secrets: []string{sandbox.TestSecretKey}, Limit: ebao.Policies[ebao.OpIssuance].Limit, Acts: true}
	if tr.call.KeysFromAnswer == nil {
		t.Error("no keys are read from the answer")
	}
	if tr.call.Judge == nil {
		t.Error("the journal is not told what the client makes of the answer")
	}
	tr.call.KeysFromAnswer, tr.call.Judge = nil, nil
	if !reflect.DeepEqual(tr.call, want) {
		t.Errorf("call %+v", tr.call)
	}
	if tr.url != ebao.SignedURL("http://ebao.invalid", ebao.PathIssuance, sandbox.TestAccessKey, body, sandbox.TestSecretKey) {
		t.Errorf("url %s", tr.url)
	}
	_, _ = c.Cancel(context.Background(), example(t, "cancel"))
	if tr.call.Operation != "cancellation" || tr.call.Keys["policyNumber"] != "P2701160000000001" {
		t.Errorf("cancel call %+v", tr.call)
	}
}

func TestNetworkFailureOutcome(t *testing.T) {
	// The connection is made and the request read, then it is closed
	// without an answer: an issuance or a cancellation may have happened.
	drop := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
		})
	}
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, drop)
	_, err := e.client.Quote(context.Background(), example(t, "quote"))
	if fe := asFailure(t, err, failure.Network); fe.Unknown || fe.ExitCode() != 5 {
		t.Errorf("quotation: unknown=%v", fe.Unknown)
	}
	body, _ := ebao.WithQuotationNumber(example(t, "issue"), "Q2611230000000001")
	_, err = e.client.Issue(context.Background(), body)
	if fe := asFailure(t, err, failure.Network); !fe.Unknown || !strings.Contains(fe.Hint, "Q2611230000000001") {
		t.Errorf("issuance: unknown=%v hint %q", fe.Unknown, fe.Hint)
	}
	if strings.Contains(err.Error(), ebao.Sign(body, sandbox.TestSecretKey)) {
		t.Error("the request signature is in the error message")
	}
	_, err = e.client.Cancel(context.Background(), example(t, "cancel"))
	if fe := asFailure(t, err, failure.Network); !fe.Unknown || !strings.Contains(fe.Hint, "P2701160000000001") {
		t.Errorf("cancellation: unknown=%v hint %q", fe.Unknown, fe.Hint)
	}

	// Nobody listening: nothing was sent, so nothing can have been issued
	// or cancelled, and the error says so.
	e.srv.Close()
	_, err = e.client.Issue(context.Background(), body)
	if fe := asFailure(t, err, failure.Network); fe.Unknown || !strings.Contains(fe.Message, "nothing was sent") {
		t.Errorf("issuance, connection refused: unknown=%v %v", fe.Unknown, fe)
	}
	_, err = e.client.Cancel(context.Background(), example(t, "cancel"))
	if fe := asFailure(t, err, failure.Network); fe.Unknown || !strings.Contains(fe.Message, "nothing was sent") {
		t.Errorf("cancellation, connection refused: unknown=%v %v", fe.Unknown, fe)
	}
}
