package paoding_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// start is 2025-03-10 09:00 in China, safely inside one quota day.
var start = time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// seen is one request as the sandbox received it.
type seen struct {
	Method, Path, ContentType string
	Header                    http.Header
	Query, Form               url.Values
}

// env is a sandbox behind a real HTTP server, a recorder of what reached
// it, and the calls the client attached to its requests.
type env struct {
	t      *testing.T
	clock  *clock
	box    *sandbox.Server
	srv    *httptest.Server
	tokens *tokencache.Memory

	mu    sync.Mutex
	seen  []seen
	calls []httpx.Call
}

func newEnv(t *testing.T, opts sandbox.Options) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{t: start}, tokens: &tokencache.Memory{}}
	if opts.State == nil {
		opts.State = state.NewMemory()
	}
	opts.Now = e.clock.Now
	e.box = sandbox.New(opts)
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		e.mu.Lock()
		e.seen = append(e.seen, seen{r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Header.Clone(), r.URL.Query(), form})
		e.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		e.box.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

// recordCalls is a transport that keeps the httpx.Call of each request, as
// insure's real transport would use it.
type recordCalls struct{ e *env }

func (rc recordCalls) RoundTrip(r *http.Request) (*http.Response, error) {
	if c, ok := httpx.CallFrom(r.Context()); ok {
		rc.e.mu.Lock()
		rc.e.calls = append(rc.e.calls, c)
		rc.e.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (e *env) config() paoding.Config {
	return paoding.Config{
		BaseURL: e.srv.URL, Username: sandbox.TestUsername, Password: sandbox.TestPassword,
		HTTP: &http.Client{Transport: recordCalls{e}}, Tokens: e.tokens, Now: e.clock.Now,
	}
}

func (e *env) client() *paoding.Client { return paoding.New(e.config()) }

func (e *env) count(op string) int {
	e.t.Helper()
	n, err := e.box.Calls(op)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) requests(path string) []seen {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []seen
	for _, s := range e.seen {
		if s.Path == path {
			out = append(out, s)
		}
	}
	return out
}

func (e *env) callsFor(op string) []httpx.Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []httpx.Call
	for _, c := range e.calls {
		if c.Operation == op {
			out = append(out, c)
		}
	}
	return out
}

var ctx = context.Background()
