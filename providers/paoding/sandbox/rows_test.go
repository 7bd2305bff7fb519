package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/paoding"
)

func rowCount(t *testing.T, st state.Store, kind string) int64 {
	t.Helper()
	n, err := state.Count(context.Background(), st, kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Ended tokens are deleted as new ones are issued, a few at a time, so the
// rows do not grow with every login ever made.
func TestEndedTokensAreSwept(t *testing.T) {
	st := state.NewMemory()
	now := benchNow
	s := New(Options{State: st, Now: func() time.Time { return now }, Quotas: map[string]int{paoding.OpTokenGenerate: 100}})
	form := url.Values{"userName": {TestUsername}, "sign": {paoding.Sign(TestUsername, TestPassword)}}.Encode()
	for i := 0; i < 6; i++ {
		wantCode(t, serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form), "10000")
	}
	if n := rowCount(t, st, kindToken); n != 6 {
		t.Fatalf("tokens %d, want 6", n)
	}
	now = now.Add(TokenLifetime)
	wantCode(t, serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form), "10000") // sweeps 4
	wantCode(t, serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form), "10000") // sweeps the last 2
	if n, idx := rowCount(t, st, kindToken), rowCount(t, st, string(tokenExpiry)); n != 2 || idx != 2 {
		t.Errorf("after the sweeps: %d tokens, %d expiry entries, want the 2 live ones", n, idx)
	}
}

// The quota of a day is one counter row per operation, whatever was bought.
func TestQuotaIsACounterRow(t *testing.T) {
	st := state.NewMemory()
	s := New(Options{State: st, Now: func() time.Time { return benchNow }})
	form := url.Values{"userName": {TestUsername}, "sign": {paoding.Sign(TestUsername, TestPassword)}}.Encode()
	wantCode(t, serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form), "10000")
	wantCode(t, serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form), "10000")
	var n int
	_ = st.Tx(context.Background(), func(tx state.Tx) error {
		_, err := state.GetJSON(tx, kindCalls, "2026-11-23/"+paoding.OpTokenGenerate, &n)
		return err
	})
	if n != 2 || rowCount(t, st, kindCalls) != 1 {
		t.Errorf("counter %d in %d rows", n, rowCount(t, st, kindCalls))
	}
}

// Notified, acknowledged and out-of-attempts orders leave the queues, so a
// poll reads only what is due.
func TestNotificationQueuesEmpty(t *testing.T) {
	var mu sync.Mutex
	answers := map[string]string{"ack": "success", "never": "busy"}
	got := map[string]int{}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		got[r.PostFormValue("orderId")]++
		_, _ = w.Write([]byte(answers[r.PostFormValue("orderId")]))
	}))
	defer rcv.Close()
	st := state.NewMemory()
	now := benchNow
	s := New(Options{State: st, Now: func() time.Time { return now }, ReportDelay: time.Second, RetryInterval: time.Minute})
	form := url.Values{"userName": {TestUsername}, "sign": {paoding.Sign(TestUsername, TestPassword)}}.Encode()
	w := serve(s, http.MethodPost, paoding.PathTokenGenerate, "", form)
	tok := w.Body.String()[strings.Index(w.Body.String(), `"token": "`)+10:][:32]
	for _, id := range []string{"ack", "never"} {
		buy := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {id}, "notifyUrl": {rcv.URL}}
		wantCode(t, serve(s, http.MethodPost, paoding.PathReportBuy, tok, buy.Encode()), "10000")
	}
	ctx := context.Background()
	if n, _ := s.NotifyDue(ctx); n != 0 {
		t.Fatalf("sent %d before the report was ready", n)
	}
	for i := 0; i < 5; i++ {
		now = now.Add(time.Minute)
		_, _ = s.NotifyDue(ctx)
	}
	if got["ack"] != 1 || got["never"] != maxAttempts {
		t.Errorf("sent %v, want ack once and never %d times", got, maxAttempts)
	}
	if f, r := rowCount(t, st, kindFirstNotice), rowCount(t, st, kindRetryNotice); f != 0 || r != 0 {
		t.Errorf("queues hold %d and %d rows, want none", f, r)
	}
}

func wantCode(t *testing.T, w *httptest.ResponseRecorder, code string) {
	t.Helper()
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"code": "`+code+`"`) {
		t.Fatalf("want %s: HTTP %d %s", code, w.Code, w.Body.Bytes())
	}
}
