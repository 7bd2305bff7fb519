package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/benchcpu"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/sandbox/state/statetest"
	"github.com/insurekit/insure/providers/ebao"
)

var benchNow = time.Date(2026, 11, 23, 10, 0, 0, 0, beijing)

// quotation is the example quotation and its signed URL, made once.
type quotation struct {
	body []byte
	url  string
}

func exampleQuotation() quotation {
	body, _ := ebao.Example("quote")
	return quotation{body, ebao.SignedURL("http://sandbox", ebao.PathQuotation, TestAccessKey, body, TestSecretKey)}
}

// post sends the quotation to h and returns the answer's status and body.
func (q quotation) post(h http.Handler) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, q.url, bytes.NewReader(q.body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// BenchmarkQuote is one quotation through the handler, stored in a state
// file as `insure sandbox serve` does (no network: see bench/sandbox-wrk.sh
// for that).
func BenchmarkQuote(b *testing.B) {
	st, _ := statetest.Open(b)
	defer st.Close()
	h := New(Options{State: st, Now: func() time.Time { return benchNow }})
	q := exampleQuotation()
	b.ReportAllocs()
	for b.Loop() {
		if code, answer := q.post(h); code != http.StatusOK {
			b.Fatalf("HTTP %d %s", code, answer)
		}
	}
}

// BenchmarkQuoteParallel is BenchmarkQuote from many goroutines at once,
// as under wrk: the state file commits the waiting quotations together.
func BenchmarkQuoteParallel(b *testing.B) {
	st, _ := statetest.Open(b)
	defer st.Close()
	h := New(Options{State: st, Now: func() time.Time { return benchNow }})
	q := exampleQuotation()
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if code, answer := q.post(h); code != http.StatusOK {
				b.Errorf("HTTP %d %s", code, answer)
				return
			}
		}
	})
}

// BenchmarkQuoteStored is BenchmarkQuote over a state file already holding
// 0 or 100,000 quotations (written, closed and opened again, as a later
// `insure sandbox serve` finds them): the cost must not grow with them.
func BenchmarkQuoteStored(b *testing.B) {
	for _, n := range []int{0, 100_000} {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			st, path := statetest.Open(b)
			now := benchNow
			err := st.Tx(context.Background(), func(tx state.Tx) error {
				d := &record{tx: tx}
				for i := 0; i < n; i++ {
					number, err := d.next("Q", now)
					if err != nil {
						return err
					}
					q := &quoteRec{ProductID: TestProductID, ChannelCode: TestChannelCode, EffectiveDate: now, ExpiredDate: now.AddDate(1, 0, 0),
						Fees: fees{Commission: 300, APP: 3000, AGP: 3000, SNP: 3000, ANP: 3000, SGP: 3000}, QuotedAt: now}
					if err := d.putQuote(number, q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			st = statetest.Reopen(b, st, path)
			h := New(Options{State: st, Now: func() time.Time { return now }})
			q := exampleQuotation()
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				if code, answer := q.post(h); code != http.StatusOK {
					b.Fatalf("HTTP %d %s", code, answer)
				}
			}
			cpu.Report(b)
		})
	}
}
