package httpx_test

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/httpx/httpxtest"
)

// actOn is an act (a purchase) sent once to u.
func actOn(u string) httpx.Request {
	r := req(u + "/4s/report/buy")
	r.Method, r.Operation, r.Body = http.MethodPost, "report.buy", []byte(`{"orderId":"O-1"}`)
	r.Acts, r.CheckHint = true, "look the order up before buying again"
	return r
}

// wantNothingSent checks that an act's failure says nothing was sent,
// with a known outcome: nothing happened.
func wantNothingSent(t *testing.T, name string, err error) {
	t.Helper()
	fe := failureOf(t, err, failure.Network)
	if fe.Unknown || !strings.Contains(fe.Message, "nothing was sent") || strings.Contains(fe.Hint, "look the order up") {
		t.Errorf("%s: %v (unknown %v, hint %q)", name, fe, fe.Unknown, fe.Hint)
	}
}

// A TLS handshake that fails (a server that speaks only TLS 1.1) or never
// ends (a server that accepts and says nothing) sent no request: an act's
// outcome is known, nothing happened. It used to be reported unknown,
// sending the user to look for a purchase that never left.
func TestFailedTLSHandshakeSentNothing(t *testing.T) {
	var hits atomic.Int32
	old := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	old.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	old.StartTLS()
	t.Cleanup(old.Close)
	pool, err := httpx.LoadCAs(writeCA(t, old))
	if err != nil {
		t.Fatal(err)
	}
	_, err = httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second, RootCAs: pool}), actOn(old.URL))
	wantNothingSent(t, "TLS 1.1 server", err)
	if hits.Load() != 0 {
		t.Errorf("%d requests served", hits.Load())
	}

	mute, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mute.Close() })
	go func() {
		for {
			c, err := mute.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	start := time.Now()
	_, err = httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 300 * time.Millisecond}), actOn("https://"+mute.Addr().String()))
	wantNothingSent(t, "silent TLS server", err)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

// A proxy that cannot be reached, or that refuses the tunnel (407), never
// passed the request on: an act's outcome is known.
func TestProxyFailureSentNothing(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(target.Close)

	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := &url.URL{Scheme: "http", Host: dead.Addr().String()}
	dead.Close()
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	t.Cleanup(refusing.Close)
	refusingURL, _ := url.Parse(refusing.URL)

	for name, tc := range map[string]struct {
		proxy  *url.URL
		target string
	}{
		"unreachable proxy":       {deadURL, target.URL},
		"tunnel refused with 407": {refusingURL, "https://" + strings.TrimPrefix(target.URL, "http://")},
	} {
		base := &http.Transport{Proxy: http.ProxyURL(tc.proxy)}
		c := httpx.NewClient(httpx.Options{Timeout: 2 * time.Second, Base: base})
		_, err := httpx.Send(context.Background(), c, actOn(tc.target))
		wantNothingSent(t, name, err)
		base.CloseIdleConnections()
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the target", hits.Load())
	}
}

// An answer whose Content-Length is beyond the operation's limit is
// refused as soon as its headers arrive (exit 6, outcome unknown for an
// act), not waited for until the deadline as a network failure.
func TestAnnouncedTooLargeAnswerFailsAtOnce(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
			go func() {
				_, _ = c.Read(make([]byte, 4096))
				_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{\"a\":"))
				// and nothing more
			}()
		}
	}()
	for name, c := range map[string]*http.Client{
		"httpx": httpx.NewClient(httpx.Options{Timeout: 3 * time.Second}),
		"plain": {Timeout: 3 * time.Second},
	} {
		start := time.Now()
		_, err := httpx.Send(context.Background(), c, actOn("http://"+l.Addr().String()))
		fe := failureOf(t, err, failure.Verification)
		if !fe.Unknown || !strings.Contains(fe.Message, "answer larger than 1048576 bytes") {
			t.Errorf("%s: %v (unknown %v)", name, fe, fe.Unknown)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %s: waited for an answer announced too large", name, d)
		}
	}
}

// A body that trickles past the deadline is reported as an answer that
// began and did not finish, not in net/http's words "awaiting headers"
// (the headers had come).
func TestTrickledBodyIsNotCalledMissingHeaders(t *testing.T) {
	srv := httpxtest.Trickle(t, 20*time.Millisecond)
	_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 300 * time.Millisecond}), req(srv.URL))
	fe := failureOf(t, err, failure.Network)
	if !strings.Contains(fe.Message, "began to arrive but was not complete within 300ms") || strings.Contains(fe.Message, "awaiting headers") {
		t.Errorf("%v", fe)
	}
}
