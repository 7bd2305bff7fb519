package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/benchcpu"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/sandbox/state/statetest"
	"github.com/insurekit/insure/providers/paoding"
)

// storedCounts are the amounts of stored state the benchmarks compare: a
// request must cost the same with none and with 100,000.
var storedCounts = []int{0, 100_000}

var benchNow = time.Date(2026, 11, 23, 10, 0, 0, 0, china)

// prefill stores n orders, already notified and acknowledged, and n live
// tokens, as rows, the way buy and generate leave them.
func prefill(tb testing.TB, st state.Store, n int) {
	tb.Helper()
	err := st.Tx(context.Background(), func(tx state.Tx) error {
		for i := 0; i < n; i++ {
			created := benchNow.Add(-time.Duration(n-i) * time.Second)
			o := &Order{OrderID: fmt.Sprintf("P%07d", i), PlatformOrderID: fmt.Sprintf("20261122-%04d", i%10000),
				BrandFactoryID: 20, VIN: "LSVAU2180N2183294", NotifyURL: "https://p.example.com/n", CreatedAt: created,
				Attempts: 1, LastAttempt: created.Add(2 * time.Second), Acked: true, LastAnswer: "success"}
			if err := state.PutJSON(tx, kindOrder, o.OrderID, o); err != nil {
				return err
			}
			tok := fmt.Sprintf("%032x", i)
			if err := putToken(tx, tok, &tokenRec{User: TestUsername, ExpiresAt: benchNow.Add(time.Hour), Refresh: newHex32()}, time.Time{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// benchServer is a sandbox over a fresh state file holding n orders and
// tokens, with quotas no benchmark reaches, and a token for it.
func benchServer(b *testing.B, n int) (*Server, string) {
	st, path := statetest.Open(b)
	prefill(b, st, n)
	st = statetest.Reopen(b, st, path)
	quotas := map[string]int{}
	for op := range paoding.DailyQuotas {
		quotas[op] = 1 << 30
	}
	s := New(Options{State: st, Now: func() time.Time { return benchNow }, Quotas: quotas})
	form := url.Values{"userName": {TestUsername}, "sign": {paoding.Sign(TestUsername, TestPassword)}}
	w := serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form.Encode())
	var tok string
	if i := strings.Index(w.Body.String(), `"token": "`); i >= 0 {
		tok = w.Body.String()[i+len(`"token": "`):][:32]
	}
	if tok == "" {
		b.Fatalf("generate: %s", w.Body.Bytes())
	}
	return s, tok
}

func serve(s *Server, method, path, tok, form string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(form))
	req.Header.Set(paoding.HeaderVersion, paoding.DefaultAPIVersion)
	if tok != "" {
		req.Header.Set(paoding.HeaderToken, tok)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func wantOK(b *testing.B, w *httptest.ResponseRecorder) {
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"code": "10000"`) {
		b.Fatalf("HTTP %d %s", w.Code, w.Body.Bytes())
	}
}

// BenchmarkBuy is one report purchase (token check, quota counter, order
// number, balance, order row, notification queue) through the handler,
// stored in a state file as `insure sandbox serve` does.
func BenchmarkBuy(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			s, tok := benchServer(b, n)
			b.ReportAllocs()
			i := 0
			cpu := benchcpu.Start()
			for b.Loop() {
				i++
				form := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"},
					"orderId": {fmt.Sprintf("B%d", i)}, "notifyUrl": {"https://p.example.com/n"}}
				wantOK(b, serve(s, http.MethodPost, paoding.PathReportBuy, tok, form.Encode()))
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkReportGet reads one stored order's report.
func BenchmarkReportGet(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			s, tok := benchServer(b, n)
			form := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {"G1"}, "notifyUrl": {"https://p.example.com/n"}}
			wantOK(b, serve(s, http.MethodPost, paoding.PathReportBuy, tok, form.Encode()))
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				wantOK(b, serve(s, http.MethodGet, paoding.PathReportGet+"?orderId=G1", tok, ""))
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkNotifyDue is one poll of the notifier with nothing due: the
// stored orders, all acknowledged, are not looked at.
func BenchmarkNotifyDue(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			s, _ := benchServer(b, n)
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				if sent, err := s.NotifyDue(context.Background()); sent != 0 || err != nil {
					b.Fatalf("sent %d: %v", sent, err)
				}
			}
			cpu.Report(b)
		})
	}
}
