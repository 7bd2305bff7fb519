package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// A 2xx without a body (204 No Content, a 200 with an empty body) is an
// answer with no content, reported by Send naming its status: an act's
// outcome is unknown (exit 5, its check hint), any other request failed
// to read an answer (exit 6); the journal row says the same. It reached
// the provider's parser and came back as a parse error.
func TestEmptyTwoHundredIsAnAnswerWithNoContent(t *testing.T) {
	for _, c := range []struct {
		status int
		want   string
	}{
		{http.StatusNoContent, "answered 204 No Content with no body"},
		{http.StatusOK, "answered 200 OK with no body"},
		{http.StatusAccepted, "answered 202 Accepted with no body"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(c.status) }))
		judged := false
		for _, acts := range []bool{true, false} {
			r := req(srv.URL)
			if acts {
				r = actOn(srv.URL)
			}
			r.Judge = func(*httpx.Response) error { judged = true; return nil }
			j := &journal{}
			_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second, Journal: j}), r)
			kind := map[bool]failure.Kind{true: failure.Network, false: failure.Verification}[acts]
			fe := failureOf(t, err, kind)
			if fe.Message != c.want || fe.Unknown != acts || fe.ExitCode() != kind.ExitCode() {
				t.Errorf("%d, act %v: %q (unknown %v, exit %d)", c.status, acts, fe.Message, fe.Unknown, fe.ExitCode())
			}
			if acts != strings.HasPrefix(fe.Hint, "look the order up") {
				t.Errorf("%d, act %v: hint %q", c.status, acts, fe.Hint)
			}
			if len(j.entries) != 1 || j.entries[0].Verdict == nil {
				t.Fatalf("%d, act %v: journal %+v", c.status, acts, j.entries)
			}
			if v := j.entries[0].Verdict; v.Message != c.want || v.ExitClass != kind.ExitCode() || v.Unknown != acts {
				t.Errorf("%d, act %v: journal verdict %+v", c.status, acts, v)
			}
			// A plain client (no journal) is told the same by Send.
			_, err = httpx.Send(context.Background(), &http.Client{Timeout: 2 * time.Second}, r)
			if fe := failureOf(t, err, kind); fe.Message != c.want || fe.Unknown != acts {
				t.Errorf("%d, act %v, plain client: %v (unknown %v)", c.status, acts, fe, fe.Unknown)
			}
		}
		if judged {
			t.Errorf("%d: the provider's Judge read an answer with no content", c.status)
		}
		srv.Close()
	}

	// A body, however short, is the provider's to read.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{}")) }))
	defer srv.Close()
	if resp, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}), actOn(srv.URL)); err != nil || string(resp.Body) != "{}" {
		t.Errorf("{}: %v, %+v", err, resp)
	}
}
