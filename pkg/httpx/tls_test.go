package httpx_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// writeCA writes the test server's certificate as a PEM file.
func writeCA(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partner-ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func okServer(t *testing.T, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":"10000"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestUntrustedCertificateIsRefusedWithAHint(t *testing.T) {
	var hits atomic.Int32
	srv := okServer(t, &hits)
	c := httpx.NewClient(httpx.Options{Timeout: 5 * time.Second})
	r := req(srv.URL + "/4s/brand/list?token=tok-secret-123")
	r.Retry = httpx.Idempotent
	_, err := httpx.Send(context.Background(), c, r)
	fe := failureOf(t, err, failure.Network)
	if fe.ExitCode() != 5 || !strings.Contains(fe.Error(), "certificate is not trusted") || !strings.Contains(fe.Hint, "--cacert") {
		t.Fatalf("exit %d: %v (hint %q)", fe.ExitCode(), fe, fe.Hint)
	}
	if strings.Contains(fe.Error(), "tok-secret-123") {
		t.Fatalf("the query reached the error: %v", fe)
	}
	if strings.Contains(fe.Error(), "after") {
		t.Fatalf("a certificate failure was repeated: %v", fe)
	}
	if hits.Load() != 0 {
		t.Fatal("a request reached the untrusted server")
	}
	// An act whose handshake failed sent nothing: its hint says sending
	// it again is safe, and its outcome is not unknown.
	act := req(srv.URL + "/4s/report/buy")
	act.Acts = true
	_, err = httpx.Send(context.Background(), c, act)
	fe = failureOf(t, err, failure.Network)
	if fe.Unknown || !strings.Contains(fe.Hint, "--cacert") || !strings.Contains(fe.Hint, "again is safe") {
		t.Fatalf("act: %v (hint %q)", fe, fe.Hint)
	}
}

func TestPartnerCAIsTrustedInAdditionToTheSystemRoots(t *testing.T) {
	var hits atomic.Int32
	srv := okServer(t, &hits)
	pool, err := httpx.LoadCAs(writeCA(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	c := httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, RootCAs: pool})
	resp, err := httpx.Send(context.Background(), c, req(srv.URL+"/4s/brand/list"))
	if err != nil || resp.Status != 200 {
		t.Fatalf("%v %+v", err, resp)
	}
}

func TestBadCAFileIsUsageNamingIt(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not-a-cert.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.pem")
	for _, f := range []string{notPEM, missing} {
		_, err := httpx.LoadCAs(f)
		fe := failureOf(t, err, failure.Usage)
		if fe.ExitCode() != 2 || !strings.Contains(fe.Error(), f) {
			t.Fatalf("%s: %v", f, fe)
		}
	}
}

// A server that speaks nothing newer than TLS 1.1 is refused. (Go's own
// client default is TLS 1.2 too; this guards the explicit minimum.)
func TestTLS11ServerIsRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool, err := httpx.LoadCAs(writeCA(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	c := httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, RootCAs: pool})
	_, err = httpx.Send(context.Background(), c, req(srv.URL+"/4s/brand/list"))
	fe := failureOf(t, err, failure.Network)
	if hits.Load() != 0 {
		t.Fatalf("a request was served over TLS 1.1: %v", fe)
	}
}

// The -v wire log shows the provider's answer as text: no escape sequence
// reaches the terminal through it.
func TestWireLogCarriesNoControlSequences(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{\"remark\":\"ok\x1b]0;pwned\x07\x1b[2J\"}"))
	}))
	t.Cleanup(srv.Close)
	var log strings.Builder
	c := httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, Verbose: &log})
	if _, err := httpx.Send(context.Background(), c, req(srv.URL+"/4s/brand/list")); err != nil {
		t.Fatal(err)
	}
	if s := log.String(); strings.ContainsAny(s, "\x1b\x07") || !strings.Contains(s, `"remark":"ok`) {
		t.Fatalf("%q", s)
	}
}
