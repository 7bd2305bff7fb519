package ebao_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// signingServer serves body, signed as the document says, for every request.
func signingServer(t *testing.T, secret, body string) *ebao.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("signature", ebao.Sign([]byte(body), secret))
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: "TqlLeuUB1w", SecretKey: secret, HTTP: srv.Client()})
}

// A signed cancellation answer whose "success" is the text "true" cannot
// be read. The half-read answer ("success" left false) must not come back
// as a response, or the CLI prints a refusal eBao never sent.
func TestCancelAnswerWithSuccessOfAnotherTypeIsNotReturnedHalfRead(t *testing.T) {
	c := signingServer(t, "fake-secret-123", `{"endorsement_number":"E1506160000000003","success":"true"}`)
	resp, err := c.Cancel(context.Background(), example(t, "cancel"))
	if resp != nil {
		s := "absent"
		if resp.Success != nil {
			s = map[bool]string{true: "true", false: "false"}[*resp.Success]
		}
		t.Fatalf("a half-read answer was returned (success %s)", s)
	}
	fe := asFailure(t, err, failure.Verification)
	if !fe.Unknown {
		t.Errorf("the cancellation was accepted and its answer is unreadable: the outcome is unknown, got %+v", fe)
	}
}

// The same for a quotation whose fee is not an object: no half-read
// quotation (its number without its fee) is returned.
func TestQuoteAnswerWithFeeOfAnotherTypeIsNotReturnedHalfRead(t *testing.T) {
	c := signingServer(t, "fake-secret-123", `{"quotationNumber":"Q1507160000000010","fee":[30]}`)
	resp, err := c.Quote(context.Background(), example(t, "quote"))
	if resp != nil {
		t.Fatalf("a half-read answer was returned: %+v", resp)
	}
	asFailure(t, err, failure.Verification)
}

// The refusal names the member and what it holds in the answer's terms,
// not the Go types the client decodes into.
func TestAnswerOfTheWrongTypeNamesTheMember(t *testing.T) {
	c := signingServer(t, "fake-secret-123", `{"endorsement_number":"E1506160000000003","success":"true"}`)
	_, err := c.Cancel(context.Background(), example(t, "cancel"))
	fe := asFailure(t, err, failure.Verification)
	if want := `member success holds a JSON string where true or false belongs`; !strings.Contains(fe.Message, want) || strings.Contains(fe.Message, "Go struct") {
		t.Errorf("message %q: want %q", fe.Message, want)
	}
}
