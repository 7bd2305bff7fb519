package ebao_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// A 5xx whose body is the server's own text ("boom") was reported as that
// text alone: a batch line read `"message":"boom"`, which says neither
// that the server failed nor, for an issuance, that it may have been done.
func TestAServerFailureSaysSo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"status":500,"error":"Internal Server Error","message":"boom"}`))
	}))
	defer srv.Close()
	c := hostileClient(srv.URL, 5*time.Second)
	_, err := c.Issue(context.Background(), example(t, "issue"))
	fe := asFailure(t, err, failure.Network)
	if !fe.Unknown || !strings.HasPrefix(fe.Message, "the server failed (HTTP 500 Internal Server Error): boom") || !strings.Contains(fe.Message, "the issuance may have been done before it failed: the outcome is unknown") {
		t.Errorf("issuance: %q (unknown %v)", fe.Message, fe.Unknown)
	}
	_, err = c.Quote(context.Background(), example(t, "quote"))
	fe = asFailure(t, err, failure.Network)
	if fe.Unknown || !strings.HasPrefix(fe.Message, "the server failed (HTTP 500 Internal Server Error): boom") || strings.Contains(fe.Message, "unknown") {
		t.Errorf("quotation: %q", fe.Message)
	}
}
