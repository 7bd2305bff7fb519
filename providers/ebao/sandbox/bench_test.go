package sandbox

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// BenchmarkQuote is one quotation through the handler, stored in a state
// file as `insure sandbox serve` does (no network: see bench/sandbox-wrk.sh
// for that).
func BenchmarkQuote(b *testing.B) {
	st, err := state.Open(filepath.Join(b.TempDir(), "sandbox.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	h := New(Options{State: st, Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, beijing) }})
	body, _ := ebao.Example("quote")
	url := ebao.SignedURL("http://sandbox", ebao.PathQuotation, TestAccessKey, body, TestSecretKey)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("HTTP %d %s", w.Code, w.Body.Bytes())
		}
	}
}

// BenchmarkQuoteParallel is BenchmarkQuote from many goroutines at once,
// as under wrk: the state file commits the waiting quotations together.
func BenchmarkQuoteParallel(b *testing.B) {
	st, err := state.Open(filepath.Join(b.TempDir(), "sandbox.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	h := New(Options{State: st, Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, beijing) }})
	body, _ := ebao.Example("quote")
	url := ebao.SignedURL("http://sandbox", ebao.PathQuotation, TestAccessKey, body, TestSecretKey)
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Errorf("HTTP %d %s", w.Code, w.Body.Bytes())
				return
			}
		}
	})
}
