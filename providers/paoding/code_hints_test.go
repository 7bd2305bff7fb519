package paoding_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
)

// answering is a platform that logs in and then answers every other call
// with code.
func answering(t *testing.T, code string) *paoding.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		if r.URL.Path == "/4s/token/generate" {
			_, _ = w.Write([]byte(`{"code":"10000","remark":"成功","data":{"token":"0123456789abcdef0123456789abcdef","refreshToken":"fedcba9876543210fedcba9876543210","effectiveDuration":"120"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"code":"` + code + `","remark":"x","data":{}}`))
	}))
	t.Cleanup(srv.Close)
	return paoding.New(paoding.Config{BaseURL: srv.URL, Username: "acme", Password: "pw", HTTP: srv.Client(), Tokens: &tokencache.Memory{}})
}

func failureHint(t *testing.T, err error) string {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want a *failure.Error, got %v", err)
	}
	return fe.Hint
}

// 10010 on a call that is not a purchase must not send the user to the
// purchase's fields: it names what that call sent.
func TestParameterErrorHintNamesTheOperationsOwnParameter(t *testing.T) {
	_, _, err := answering(t, "10010").GetReport(ctx, "A1")
	if h := failureHint(t, err); strings.Contains(h, "vin-report buy") || !strings.Contains(h, "orderId") {
		t.Errorf("report.get 10010 hint %q: want one about orderId, not the purchase", h)
	}
	_, _, err = answering(t, "10010").BrandFactory(ctx, 20)
	if h := failureHint(t, err); strings.Contains(h, "vin-report buy") || !strings.Contains(h, "brandFactoryId") {
		t.Errorf("brandFactory.get 10010 hint %q: want one about brandFactoryId", h)
	}
	_, _, err = answering(t, "10010").Brands(ctx)
	if h := failureHint(t, err); strings.Contains(h, "vin-report buy") || !strings.Contains(h, "header") {
		t.Errorf("brand.list 10010 hint %q: want one about the headers, its only parameters", h)
	}
}

// 10099 on a call without an order must not ask for the orderId.
func TestOtherErrorHintAsksForAnOrderIdOnlyAboutAnOrder(t *testing.T) {
	_, _, err := answering(t, "10099").Brands(ctx)
	if h := failureHint(t, err); strings.Contains(h, "orderId") || !strings.Contains(h, "brand.list") {
		t.Errorf("brand.list 10099 hint %q: want the operation, not an orderId", h)
	}
	_, _, err = answering(t, "10099").GetReport(ctx, "A1")
	if h := failureHint(t, err); !strings.Contains(h, "orderId") {
		t.Errorf("report.get 10099 hint %q: want the orderId", h)
	}
}

// A call refused with 10030 is repeated once with a new token. When that
// one is refused too, the hint must not send the user to get a new token
// again: that was just done.
func TestUnauthorizedWithAFreshTokenSaysSo(t *testing.T) {
	_, _, err := answering(t, "10030").Brands(ctx)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 3 {
		t.Fatalf("want exit 3, got %v", err)
	}
	if !strings.Contains(fe.Message, "generated just now was refused too") {
		t.Errorf("message %q does not say a fresh token was refused too", fe.Message)
	}
	if strings.Contains(fe.Hint, "token get") || !strings.Contains(fe.Hint, "brand.list") {
		t.Errorf("hint %q: want the provider asked about brand.list, not another token", fe.Hint)
	}
}
