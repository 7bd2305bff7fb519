package sunshine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// manualServer answers every request with doc (the SessionId placeholder
// replaced by the request's), signed with the test platform key.
func manualServer(t *testing.T, doc string) *sunshine.Client {
	t.Helper()
	partner, plat := keys(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		signed, err := sunshine.SignDocument([]byte(doc), "Response", plat.priv)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		_, _ = w.Write(signed)
	}))
	t.Cleanup(srv.Close)
	return sunshine.New(sunshine.Config{
		BaseURL: srv.URL + sandbox.Path, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: partner.priv, PlatformPublicKey: plat.pub,
		Now: func() time.Time { return testNow }, RetryDelay: -1,
	})
}

// Section 3.14.2 of the manual: the answer to 127 "is the same as the 126
// answer", and its example carries RequestType 126. That answer is the
// platform's, not a mismatched one: it must be read, not refused as
// untrusted (exit 6).
func TestManual127AnswerCarriesRequestType126(t *testing.T) {
	const answer = `<?xml version="1.0" encoding="GBK" standalone="yes"?>
<PackageList>
	<Package>
		<Header>
			<Version>2</Version>
			<RequestType>126</RequestType>
			<InsureType>100</InsureType>
			<SessionId>20260302100000123456</SessionId>
			<AgentCode>W02400652</AgentCode>
			<SellerId>3597746367</SellerId>
			<Status>100</Status>
			<ErrorMessage></ErrorMessage>
			<SendTime>2014-09-11 13:49:05</SendTime>
		</Header>
		<Sign></Sign>
	<Response>
		<ResponseCode>success</ResponseCode>
        <ResponseMessage></ResponseMessage>
	</Response>
	</Package>
</PackageList>
`
	c := manualServer(t, answer)
	r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "127", SessionID: "20260302100000123456", IssueCode: "345678"})
	if err != nil {
		t.Fatalf("the manual's 127 answer is refused: %v", err)
	}
	if r.ResponseCode != "success" {
		t.Errorf("ResponseCode %q", r.ResponseCode)
	}
	// Any other mismatch is still refused: 127 does not answer 126.
	c = manualServer(t, strings.Replace(answer, "<RequestType>126<", "<RequestType>127<", 1))
	if _, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "126", SessionID: "20260302100000123456"}); err == nil || !strings.Contains(err.Error(), "RequestType") {
		t.Errorf("a 127 answer to a 126 request: %v", err)
	}
}
