package bihu_test

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
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// clock is a settable time shared by client and sandbox, so expiry is
// tested without sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// received is one request as the sandbox got it.
type received struct {
	Method, Path string
	Query        map[string]string
	Body         map[string]any
	RawBody      string
}

// env is a sandbox on a real HTTP server, with a recorder in front of it
// and an optional fault hook that may answer instead of the sandbox.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	store  *state.Memory
	clock  *clock
	tokens *tokencache.Memory

	mu    sync.Mutex
	reqs  []received
	fault func(w http.ResponseWriter, r *received) bool
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, store: state.NewMemory(), clock: &clock{t: time.Unix(1489044754, 0)}, tokens: &tokencache.Memory{}}
	h := sandbox.New(sandbox.Options{State: e.store, Now: e.clock.Now})
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		rec := received{Method: r.Method, Path: r.URL.Path, Query: map[string]string{}, RawBody: string(raw)}
		for k, v := range r.URL.Query() {
			rec.Query[k] = v[0]
		}
		if len(raw) > 0 {
			_ = json.Unmarshal(raw, &rec.Body)
		}
		e.mu.Lock()
		e.reqs = append(e.reqs, rec)
		fault := e.fault
		e.mu.Unlock()
		if fault != nil && fault(w, &rec) {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

// config is the sandbox profile pointed at this server.
func (e *env) config() bihu.Config {
	return bihu.Config{
		BaseURL: e.srv.URL, AgentID: sandbox.TestAgentID, Username: sandbox.TestUsername,
		SecretKey: sandbox.TestSecretKey, HTTP: e.srv.Client(), Tokens: e.tokens, Now: e.clock.Now,
	}
}

func (e *env) client() *bihu.Client { return bihu.New(e.config()) }

// paths lists the requests received so far, as "METHOD /path".
func (e *env) paths() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, len(e.reqs))
	for i, r := range e.reqs {
		out[i] = r.Method + " " + r.Path
	}
	return out
}

func (e *env) last(path string) received {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.reqs) - 1; i >= 0; i-- {
		if e.reqs[i].Path == path {
			return e.reqs[i]
		}
	}
	e.t.Fatalf("no request to %s", path)
	return received{}
}

func (e *env) setFault(f func(w http.ResponseWriter, r *received) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fault = f
}

func (e *env) sessionOpen(token string) bool {
	open, err := sandbox.SessionOpen(context.Background(), e.store, token)
	if err != nil {
		e.t.Fatal(err)
	}
	return open
}

func wantPaths(t *testing.T, e *env, want ...string) {
	t.Helper()
	if got := e.paths(); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("sandbox received %q, want %q", got, want)
	}
}

// failureOf asserts err is a *failure.Error of kind and HTTP code, and that
// neither its text nor its hint shows a secret.
func failureOf(t *testing.T, err error, kind failure.Kind, code string, secrets ...string) *failure.Error {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want *failure.Error, got %T", err)
	}
	if fe.Kind != kind || fe.Code != code {
		t.Errorf("kind %v code %q, want %v %q (%s)", fe.Kind, fe.Code, kind, code, fe.Message)
	}
	for _, s := range append(secrets, sandbox.TestSecretKey) {
		if s != "" && (strings.Contains(fe.Error(), s) || strings.Contains(fe.Hint, s)) {
			t.Errorf("error or hint shows a secret (%d characters)", len(s))
		}
	}
	return fe
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
