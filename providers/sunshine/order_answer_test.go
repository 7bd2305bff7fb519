package sunshine_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
	"go.yaml.in/yaml/v3"
)

var headerField = regexp.MustCompile(`<(SessionId|RequestType)>([^<]*)</`)

// orderServer answers every request with status and the <Response>
// body, in an envelope whose SessionId and RequestType are the request's
// (so only the body can be wrong), signed with the test platform key.
func orderServer(t *testing.T, status, body string) *sunshine.Client {
	t.Helper()
	partner, plat := keys(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for _, m := range headerField.FindAllSubmatch(req, -1) {
			h[string(m[1])] = string(m[2])
		}
		doc := `<?xml version="1.0" encoding="GBK" standalone="yes"?><PackageList><Package><Header><Version>2</Version>` +
			`<RequestType>` + h["RequestType"] + `</RequestType><SessionId>` + h["SessionId"] + `</SessionId>` +
			`<Status>` + status + `</Status><ErrorMessage></ErrorMessage></Header><Sign></Sign>` + body + `</Package></PackageList>`
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

// exampleSpec is a request file of examples/sunshine/.
func exampleSpec(t *testing.T, name string) sunshine.RequestSpec {
	t.Helper()
	b, err := os.ReadFile("../../examples/sunshine/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var spec sunshine.RequestSpec
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// subOrders writes a SubOrderList; each entry is type, TBOrderId,
// ProposalNo, PolicyNo (empty: left out).
func subOrders(subs ...[4]string) string {
	out := "<SubOrderList>"
	for _, s := range subs {
		out += `<SubOrder type="` + s[0] + `"><TBOrderId>` + s[1] + `</TBOrderId><ProposalNo>` + s[2] + `</ProposalNo>`
		if s[3] != "" {
			out += "<PolicyNo>" + s[3] + "</PolicyNo>"
		}
		out += "</SubOrder>"
	}
	return out + "</SubOrderList>"
}

var (
	bizIssued   = [4]string{"biz", "TB2026030200002", "T085105092026000000", "P085105092026000000"}
	forceIssued = [4]string{"force", "TB2026030200003", "T085105072026000000", "P085105072026000000"}
)

// A signed answer for another order is not this request's answer,
// whatever its status says: 130 and 125 (and any step carrying an Order)
// are exit 6, and for 130 the outcome is unknown.
func TestAnswerForAnotherOrderIsNotTrusted(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		unknown          bool
	}{
		{"130 another TBOrderId (QA's fake)", "130.yaml", `<Response><Order><TBOrderId>T1</TBOrderId>` +
			subOrders([4]string{"biz", "T1", "P1", "POL1"}) + `</Order></Response>`, true},
		{"130 another sub-order TBOrderId", "130.yaml", `<Response><Order><TBOrderId>TB2026030200001</TBOrderId>` +
			subOrders([4]string{"biz", "TB9999", bizIssued[2], bizIssued[3]}, forceIssued) + `</Order></Response>`, true},
		{"130 another ProposalNo", "130.yaml", `<Response><Order><TBOrderId>TB2026030200001</TBOrderId>` +
			subOrders([4]string{"biz", bizIssued[1], "T999", bizIssued[3]}, forceIssued) + `</Order></Response>`, true},
		{"125 another TBOrderId", "125.yaml", `<Response><Order><TBOrderId>OTHER1</TBOrderId><Premium>315024</Premium><PayNo></PayNo></Order></Response>`, false},
		{"125 a sub-order the request did not have", "125.yaml", `<Response><Order><TBOrderId>TB2026030200001</TBOrderId><Premium>315024</Premium>` +
			subOrders([4]string{"other", "TB2026030200004", "", ""}) + `</Order></Response>`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := orderServer(t, "100", tc.body)
			resp, err := c.Send(context.Background(), exampleSpec(t, tc.file))
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Verification || fe.ExitCode() != 6 {
				t.Fatalf("answer for another order: %v (response %v)", err, resp != nil)
			}
			if resp != nil {
				t.Errorf("the foreign answer was handed back as this order's")
			}
			if !strings.Contains(fe.Message, "another order") || !strings.Contains(fe.Hint, "20260302100000123456") {
				t.Errorf("message %q hint %q", fe.Message, fe.Hint)
			}
			if fe.Unknown != tc.unknown {
				t.Errorf("outcome unknown = %v, want %v", fe.Unknown, tc.unknown)
			}
		})
	}
}

// A 130 answer of status 100 without a PolicyNo for a sub-order the
// request asked to issue comes back with the answer and an error naming
// the sub-order (exit 6, outcome unknown), not as a success.
func TestIssueAnswerWithoutAPolicyNoIsFlagged(t *testing.T) {
	c := orderServer(t, "100", `<Response><Order><TBOrderId>TB2026030200001</TBOrderId>`+subOrders(bizIssued)+`</Order></Response>`)
	resp, err := c.Send(context.Background(), exampleSpec(t, "130.yaml"))
	if !errors.Is(err, sunshine.ErrPolicyMissing) || failure.KindOf(err) != failure.Verification {
		t.Fatalf("biz only: %v", err)
	}
	fe := err.(*failure.Error)
	if !fe.Unknown || !strings.Contains(fe.Message, "sub-order force (TBOrderId TB2026030200003, ProposalNo T085105072026000000)") ||
		!strings.Contains(fe.Message, "biz policy P085105092026000000") {
		t.Errorf("message %q (unknown %v)", fe.Message, fe.Unknown)
	}
	if resp == nil || resp.PolicyNos()["biz"] != "P085105092026000000" {
		t.Errorf("the answer is not handed back: %+v", resp)
	}

	// Both policies: a success.
	c = orderServer(t, "100", `<Response><Order><TBOrderId>TB2026030200001</TBOrderId>`+subOrders(bizIssued, forceIssued)+`</Order></Response>`)
	if _, err := c.Send(context.Background(), exampleSpec(t, "130.yaml")); err != nil {
		t.Fatalf("both policies: %v", err)
	}
}

// The manual's 130 answer (3.15.2), Status 2 and all, answering the
// manual's request: it is the same order (its force sub-order repeats the
// biz proposal number, a slip of the example), the undefined status is
// still exit 6, and the message carries the signed policy numbers.
func TestManual130AnswerShowsItsSignedPolicies(t *testing.T) {
	doc, err := os.ReadFile("testdata/manual/130-response.xml")
	if err != nil {
		t.Fatal(err)
	}
	body := string(doc[strings.Index(string(doc), "<Response>") : strings.Index(string(doc), "</Response>")+len("</Response>")])
	spec := sunshine.RequestSpec{Transaction: "130", SessionID: "33763110891482088102118850914",
		Payment: &sunshine.Payment{TBOrderID: "3376311089148"},
		Order: &sunshine.Order{TBOrderID: "3376311089148", SubOrders: []sunshine.SubOrder{
			{Type: "biz", TBOrderID: "3376311089149", ProposalNo: "8828900000144888"},
			{Type: "force", TBOrderID: "3376311089139", ProposalNo: "8828900000144889"}}}}

	_, err = orderServer(t, "2", body).Send(context.Background(), spec)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 6 || fe.Code != "2" {
		t.Fatalf("status 2: %v", err)
	}
	for _, want := range []string{"order 3376311089148", "biz policy 8828900000144888", "force policy 8828900000144889"} {
		if !strings.Contains(fe.Message, want) {
			t.Errorf("status 2 message %q lacks %q", fe.Message, want)
		}
	}

	// The same body with status 100 is this order, issued.
	resp, err := orderServer(t, "100", body).Send(context.Background(), spec)
	if err != nil || resp.PolicyNos()["force"] != "8828900000144889" {
		t.Fatalf("status 100: %v", err)
	}
}
