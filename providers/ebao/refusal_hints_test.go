package ebao_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

// Issuing a quotation twice, or cancelling a policy twice, is how a user
// settles an act whose answer was lost (see the issue and cancel
// commands): the refusal must then say that this request changed nothing,
// not send them off to "correct the field" and repeat it.
func TestRefusalOfARepeatedActSaysThisRequestChangedNothing(t *testing.T) {
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, nil)
	ctx := context.Background()
	q, err := e.client.Quote(ctx, example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := ebao.WithQuotationNumber(example(t, "issue"), q.QuotationNumber)
	p, err := e.client.Issue(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Issue(ctx, body)
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Hint, "nothing was issued by this request") || !strings.Contains(fe.Hint, q.QuotationNumber) {
		t.Errorf("second issuance: hint %q", fe.Hint)
	}
	cancel := ebao.NewCancellation(p.PolicyNumber, sandbox.TestChannelCode, ebao.ApplyByInsurer, testNow)
	if _, err := e.client.Cancel(ctx, cancel); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Cancel(ctx, cancel)
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Hint, "policy "+p.PolicyNumber+" was not cancelled by this request") {
		t.Errorf("second cancellation: hint %q", fe.Hint)
	}
	_, err = e.client.Quote(ctx, edit(t, "quote", map[string]any{"insuredObjects.0.plan_code": "Plan_9"}))
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Hint, "quote again") {
		t.Errorf("refused quotation: hint %q", fe.Hint)
	}
}
