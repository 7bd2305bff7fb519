package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// A server that takes the request and answers after the deadline is
// running, only slow: the hint said to check the network and the
// endpoint (and, with INSURE_SANDBOX_URL, whether the sandbox had
// stopped) and never mentioned --timeout.
func TestASlowAnswerSuggestsALongerTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	cl := NewClient(Options{Timeout: 200 * time.Millisecond})
	for _, acts := range []bool{false, true} {
		_, err := Send(context.Background(), cl, Request{Provider: "paoding", Operation: "report.get", Method: http.MethodGet, URL: srv.URL,
			Policy: Policy{Acts: acts}})
		var fe *failure.Error
		if !errors.As(err, &fe) || !strings.Contains(fe.Message, "within 200ms") {
			t.Fatalf("acts %v: %v", acts, err)
		}
		if !strings.Contains(fe.Hint, "--timeout (for example --timeout 1m0s)") || !Slow(err) || NothingSent(err) {
			t.Errorf("acts %v: hint %q (slow %v)", acts, fe.Hint, Slow(err))
		}
		if acts != fe.Unknown {
			t.Errorf("acts %v: unknown %v", acts, fe.Unknown)
		}
	}
}
