package ebao_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

// "success": true without the endorsement number the document's table
// gives is no cancellation to show: the outcome is unknown (exit 6), as
// for an issuance without its policy number, and nothing is returned to
// print with an endorsement number eBao never sent.
func TestCancellationSuccessWithoutEndorsementIsUnknown(t *testing.T) {
	for _, body := range []string{`{"success":true}`, `{"success":true,"endorsement_number":" "}`} {
		srv := signedAnswer(t, body)
		resp, err := hostileClient(srv.URL, 5*time.Second).Cancel(context.Background(), example(t, "cancel"))
		fe := asFailure(t, err, failure.Verification)
		if !fe.Unknown || resp != nil || !strings.Contains(fe.Message, "endorsement_number") || !strings.Contains(fe.Hint, "cancel policy") {
			t.Errorf("%s: resp %+v, %v (unknown %v, hint %q)", body, resp, fe, fe.Unknown, fe.Hint)
		}
	}
}

// A 415 is about the body's content type, not the endpoint's path: its
// hint says so instead of sending the user to check the endpoint.
func TestUnsupportedMediaTypeHintIsAboutTheContentType(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnsupportedMediaType)
		_, _ = w.Write([]byte(`{"status":415,"error":"Unsupported Media Type","message":"Content type 'text/plain' not supported","path":"/pa_web/api/policies/quotations"}`))
	}))
	t.Cleanup(srv.Close)
	_, err := hostileClient(srv.URL, 5*time.Second).Quote(context.Background(), example(t, "quote"))
	fe := asFailure(t, err, failure.Refused)
	if !strings.Contains(fe.Hint, "Content-Type application/json") || strings.Contains(fe.Hint, "endpoint: it should be the service root") {
		t.Errorf("hint %q", fe.Hint)
	}
}

// A cancellation body naming a member twice points to the cancellation's
// example file, not the quotation's, and is not sent.
func TestRepeatedMemberInACancellationPointsToItsExample(t *testing.T) {
	srv, hits := countingServer(t)
	c := ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey})
	dup := `{"policyNumber":"P1","channelCode":"AXA_TP","applicationDate":"2030-01-01T00:00:00.000Z","applicationType":"APLY_BY_INSURER","policyNumber":"P2"}`
	_, err := c.Cancel(context.Background(), []byte(dup))
	fe := asFailure(t, err, failure.Usage)
	if len(fe.Fields) != 1 || !strings.Contains(fe.Fields[0].Example, "insure example ebao cancel") || hits.Load() != 0 {
		t.Errorf("fields %+v, %d sent", fe.Fields, hits.Load())
	}
}
