package cmdtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/pkg/config"
)

// LossyProxy stands before the sandbox: while Lose is set, the provider
// acts on every request but its answer is replaced by a 502 (the answer
// was lost on the way back).
type LossyProxy struct {
	target string
	Lose   atomic.Bool
	// LoseAs is the status that replaces a lost answer (0: 502).
	LoseAs atomic.Int32
	// LoseOnly, when set before use, limits Lose to paths ending so.
	LoseOnly string
}

func (p *LossyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), r.Body)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	// The sandbox's answers are small; the bound keeps a test's proxy
	// from holding whatever a broken fake might stream.
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if p.Lose.Load() && strings.HasSuffix(r.URL.Path, p.LoseOnly) {
		status := int(p.LoseAs.Load())
		if status == 0 {
			status = http.StatusBadGateway
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// Forward sends r, with body, to target (a scheme and host) and writes
// the answer to w: the core of a test's proxy before the sandbox.
func Forward(w http.ResponseWriter, r *http.Request, target string, body io.Reader) {
	req, _ := http.NewRequest(r.Method, target+r.URL.RequestURI(), body)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// ViaLossyProxy points a profile "staging", with the sandbox profile's
// settings for provider, at a LossyProxy before the sandbox, and makes it
// the profile in use.
func (e *Env) ViaLossyProxy(t *testing.T, provider string) *LossyProxy {
	t.Helper()
	proxy := &LossyProxy{target: e.SandboxBase(t, provider)}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, provider, srv.URL)
	return proxy
}

// SandboxBase is the scheme and host the sandbox serves provider at: what
// a proxy in front of it forwards to.
func (e *Env) SandboxBase(t *testing.T, provider string) string {
	t.Helper()
	endpoint, err := url.Parse(e.Sandbox.Endpoint(provider))
	if err != nil {
		t.Fatal(err)
	}
	return endpoint.Scheme + "://" + endpoint.Host
}

// UseProfileAt adds a profile "staging" with the sandbox profile's
// settings for provider, its endpoint base plus the sandbox's path for the
// provider (a proxy or a fake of the test's own), and makes it the profile
// in use.
func (e *Env) UseProfileAt(t *testing.T, provider, base string) {
	t.Helper()
	// The sandbox profile's keys, from an Env of its own: asking this
	// Env's Factory would fix its profile before "staging" exists.
	sb, err := New(t, Options{}).F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := url.Parse(e.Sandbox.Endpoint(provider))
	if err != nil {
		t.Fatal(err)
	}
	section := config.Section{}
	for _, k := range sb.Keys(provider) {
		section[k] = sb.Value(provider, k)
	}
	section["endpoint"] = base + endpoint.RequestURI()
	if e.Config.File.Profiles == nil {
		e.Config.File.Profiles = map[string]map[string]config.Section{}
	}
	e.Config.File.Profiles["staging"] = map[string]config.Section{provider: section}
	e.F.Globals.Profile = "staging"
}
