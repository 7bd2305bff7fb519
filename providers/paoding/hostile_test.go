package paoding_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/httpx/httpxtest"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
)

const hostileToken = "TOKEN-hostile-0123456789"

// tokenClient talks to base with a valid token already cached, so every
// business call carries Authorization-Token.
func tokenClient(t *testing.T, base string, timeout time.Duration) *paoding.Client {
	t.Helper()
	tc := &tokencache.Memory{}
	now := time.Now()
	_ = tc.Save(context.Background(), &tokencache.Token{Value: hostileToken, RefreshToken: "REFRESH-hostile-1", IssuedAt: now, ExpiresAt: now.Add(2 * time.Hour)})
	return paoding.New(paoding.Config{BaseURL: base, Username: "acme", Password: "pw-hostile-1", Tokens: tc,
		HTTP: httpx.NewClient(httpx.Options{Timeout: timeout})})
}

var buy = paoding.BuyRequest{BrandFactoryID: 20, VIN: "LSVAU2180N2183226", OrderID: "ORD-H1", NotifyURL: "https://p.example.com/n"}

func TestHostileRedirect(t *testing.T) {
	from, to := httpxtest.Redirect(t, http.StatusFound)
	c := tokenClient(t, from.URL, 5*time.Second)
	_, _, err := c.GetReport(context.Background(), "ORD-H1")
	fe := asFailure(err)
	if fe == nil || fe.Kind != failure.Network || !strings.Contains(fe.Message, to.URL) || strings.Contains(fe.Error(), hostileToken) {
		t.Errorf("report.get: %v", err)
	}
	_, _, err = c.BuyReport(context.Background(), buy)
	if fe := asFailure(err); fe == nil || fe.Kind != failure.Network || !fe.Unknown {
		t.Errorf("report.buy: %v", err)
	}
	if to.Hits() != 0 {
		t.Errorf("the second host received %d token-bearing requests", to.Hits())
	}
}

func TestHostileHugeAnswer(t *testing.T) {
	srv := httpxtest.Huge(t, 256<<20, "application/json")
	c := tokenClient(t, srv.URL, 20*time.Second)
	start := time.Now()
	_, _, err := c.GetReport(context.Background(), "ORD-H1")
	if fe := asFailure(err); fe == nil || fe.ExitCode() != 6 || !strings.Contains(fe.Message, "larger than 16777216 bytes") {
		t.Errorf("report.get: %v", err)
	}
	_, _, err = c.BuyReport(context.Background(), buy)
	if fe := asFailure(err); fe == nil || fe.ExitCode() != 6 || !fe.Unknown || !strings.Contains(fe.Message, "larger than 1048576 bytes") || !strings.Contains(fe.Hint, "vin-report get") {
		t.Errorf("report.buy: %v", err)
	}
	if time.Since(start) > 15*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}

func TestHostileSlowBody(t *testing.T) {
	srv := httpxtest.Trickle(t, 20*time.Millisecond)
	c := tokenClient(t, srv.URL, 300*time.Millisecond)
	start := time.Now()
	_, _, err := c.BuyReport(context.Background(), buy)
	if fe := asFailure(err); fe == nil || fe.ExitCode() != 5 || !fe.Unknown || time.Since(start) > 2*time.Second {
		t.Errorf("after %s: %v", time.Since(start), err)
	}
}

// A 5xx after a purchase was sent: exit 5, outcome unknown, sent once.
func TestHostile5xxAfterBuy(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "upstream timed out", http.StatusGatewayTimeout)
	}))
	defer srv.Close()
	_, _, err := tokenClient(t, srv.URL, 5*time.Second).BuyReport(context.Background(), buy)
	fe := asFailure(err)
	if fe == nil || fe.ExitCode() != 5 || !fe.Unknown || fe.Code != "504" || !strings.Contains(fe.Hint, "vin-report get") || hits.Load() != 1 {
		t.Errorf("%v (sent %d times)", err, hits.Load())
	}
}

// A success code whose data says nothing (no status): the order may exist,
// so the outcome is unknown and the hint says how to check, rather than a
// refusal that would let a rerun buy again under a new order id.
func TestBuySuccessCodeWithoutStatusIsUnknown(t *testing.T) {
	for _, data := range []string{`{}`, `null`, `{"platformOrderNum":"20250310-0001"}`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"code":"10000","remark":"成功","data":` + data + `}`))
		}))
		_, _, err := tokenClient(t, srv.URL, 5*time.Second).BuyReport(context.Background(), buy)
		srv.Close()
		fe := asFailure(err)
		if fe == nil || !fe.Unknown || fe.Kind == failure.Refused || !strings.Contains(fe.Hint, "vin-report get") {
			t.Errorf("data %s: %v", data, err)
		}
	}
}

// A purchase answer that stops inside its JSON (the connection closed
// mid-answer, no Content-Length to tell) is a network failure with an
// unknown outcome, exit 5, naming how to check; one that arrived whole but
// is not JSON stays exit 6, unknown too.
func TestBuyAnswerCutShortIsExit5(t *testing.T) {
	for body, exit := range map[string]int{`{"code":"10000","remark":"成`: 5, ``: 5, `<html>gateway</html>`: 6} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(body))
			w.(http.Flusher).Flush()
		}))
		_, _, err := tokenClient(t, srv.URL, 5*time.Second).BuyReport(context.Background(), buy)
		srv.Close()
		fe := asFailure(err)
		if fe == nil || fe.ExitCode() != exit || !fe.Unknown || !strings.Contains(fe.Hint, "vin-report get ORD-H1") {
			t.Errorf("body %q: want exit %d: %v", body, exit, err)
		}
	}
}
