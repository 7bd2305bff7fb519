package bihu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
)

// answeringWith is a server answering every request with status and body.
func answeringWith(t *testing.T, status int, ctype, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A 200 whose body carries another code (a gateway rewriting the status)
// and no token: still exit 6, as the status decides, but the message
// keeps the body's code and msg, which say what Bihu meant.
func TestOKWithAnotherCodeInTheBodyKeepsCodeAndMsg(t *testing.T) {
	renewal := answeringWith(t, http.StatusOK, "application/json", `{"code":206,"msg":"续保失败"}`)
	_, err := hostileClient(renewal, 5*time.Second).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	fe := kindOf(t, err, failure.Verification)
	if !strings.Contains(fe.Message, "without a RenewalToken") || !strings.Contains(fe.Message, "code is 206") || !strings.Contains(fe.Message, "续保失败") {
		t.Errorf("renewal: %q", fe.Message)
	}
	if !strings.Contains(fe.Hint, "gateway") {
		t.Errorf("renewal hint: %q", fe.Hint)
	}
	login := answeringWith(t, http.StatusOK, "application/json", `{"code":"416","msg":"登录失败"}`)
	_, err = hostileClient(login, 5*time.Second).Login(context.Background())
	fe = kindOf(t, err, failure.Verification)
	if !strings.Contains(fe.Message, "without a Token") || !strings.Contains(fe.Message, "code is 416") || !strings.Contains(fe.Message, "登录失败") {
		t.Errorf("login: %q", fe.Message)
	}
}

// A 206 whose body is not Bihu's JSON is unreadable whether it is empty
// or an HTML page: the same exit (6), where the page read as Bihu's
// refusal (4) and the empty body as unreadable (6).
func TestPartialContentWithoutBihusBodyIsExit6EitherWay(t *testing.T) {
	for name, body := range map[string]string{
		"empty": "",
		"html":  "<html><head><title>Gateway</title></head><body>busy</body></html>",
	} {
		base := answeringWith(t, http.StatusPartialContent, "text/html", body)
		_, err := hostileClient(base, 5*time.Second).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
		if code := failure.KindOf(err).ExitCode(); code != 6 {
			t.Errorf("%s: exit %d: %v", name, code, err)
		}
	}
}
