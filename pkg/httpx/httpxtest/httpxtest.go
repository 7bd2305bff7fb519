// Package httpxtest holds hostile servers for tests of the send path: an
// answer far larger than any limit, a body that trickles past the
// deadline, and a redirect to a second listener that counts what reaches
// it. Every provider's tests use them over real HTTP.
package httpxtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// Huge serves n bytes of 'x' with status 200 to every request, written in
// chunks so the server never holds the answer, and stops when the client
// goes away.
func Huge(t testing.TB, n int64, contentType string) *httptest.Server {
	t.Helper()
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = 'x'
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		for sent := int64(0); sent < n; sent += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Trickle answers 200 with its headers at once, then one byte of body
// every interval, for ever or until the client goes away.
func Trickle(t testing.TB, every time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		fl, _ := w.(http.Flusher)
		if _, err := w.Write([]byte("{")); err != nil {
			return
		}
		for {
			if fl != nil {
				fl.Flush()
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(every):
			}
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Target is the second listener of a redirect test: it records every
// request that reaches it.
type Target struct {
	*httptest.Server
	hits atomic.Int64
}

// Hits is how many requests reached the target.
func (t *Target) Hits() int64 { return t.hits.Load() }

// Redirect starts a target on another loopback address (127.0.0.2 where
// the system allows it, otherwise another port) and a server that
// answers every request with status and a Location pointing at the same
// path on the target, with a token-like query appended.
func Redirect(t testing.TB, status int) (from *httptest.Server, to *Target) {
	t.Helper()
	to = &Target{}
	to.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":"10000"}`))
	}))
	if l, err := net.Listen("tcp", "127.0.0.2:0"); err == nil {
		to.Listener.Close()
		to.Listener = l
	}
	to.Start()
	t.Cleanup(to.Close)
	from = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		loc := to.URL + r.URL.Path
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, loc, status)
	}))
	t.Cleanup(from.Close)
	return from, to
}
