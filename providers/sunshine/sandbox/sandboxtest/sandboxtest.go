// Package sandboxtest serves the Sunshine sandbox over real HTTP for the
// client's and the purchase workflow's tests, recording every request it
// received and, when asked, changing answers after they were signed.
package sandboxtest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// Platform is the sandbox on a local HTTP server.
type Platform struct {
	// URL is the server's address; the platform's path is sandbox.Path.
	URL string

	mu       sync.Mutex
	received [][]byte
	tamper   func([]byte) []byte
	lose     func([]byte) bool
}

// New starts the sandbox with in-memory state and the clock stopped at
// now; the server stops when the test ends.
func New(tb testing.TB, now time.Time) *Platform {
	tb.Helper()
	p := &Platform{}
	h := sandbox.New(sandbox.Options{State: state.NewMemory(), Now: func() time.Time { return now }})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20)) // a test server: requests are a few KB
		p.mu.Lock()
		p.received = append(p.received, body)
		tamper, lose := p.tamper, p.lose
		p.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		if lose != nil && lose(body) {
			// Served, and the answer lost on the way back.
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		if tamper != nil {
			out = tamper(out)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(out)
	}))
	tb.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// Tamper changes every later answer with fn, after the sandbox signed it
// (nil stops).
func (p *Platform) Tamper(fn func([]byte) []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = fn
}

// Lose makes the platform serve every later request for which fn is
// true and lose its answer: the client gets a 502 with no body, and the
// outcome is unknown to it (nil stops).
func (p *Platform) Lose(fn func(request []byte) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lose = fn
}

// Received is every request body received so far, oldest first.
func (p *Platform) Received() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.received...)
}

// Last is the last request body received.
func (p *Platform) Last() []byte {
	r := p.Received()
	return r[len(r)-1]
}

// Count is how many requests were received.
func (p *Platform) Count() int { return len(p.Received()) }
