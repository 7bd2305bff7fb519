package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
)

func (f *fixture) page(path string) (int, string) {
	f.t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The pages the integration document lists: each needs an open session's
// Token (403 without), and Customer/list an administrator's.
func TestSessionPages(t *testing.T) {
	f := newFixture(t, state.NewMemory())
	tok := f.login(3600)
	for _, p := range []string{"/DoQuote/Index", "/Customer/CheckList", "/customer/LIST"} {
		if status, body := f.page(p + "?Token=" + tok); status != 200 || !strings.Contains(body, "session open") {
			t.Errorf("%s: %d %s", p, status, body)
		}
		if status, _ := f.page(p + "?Token=0123"); status != 403 {
			t.Errorf("%s without a session: %d", p, status)
		}
	}
	if resp, err := http.Post(f.srv.URL+"/DoQuote/Index?Token="+tok, "text/plain", nil); err != nil || resp.StatusCode != 405 {
		t.Errorf("POST a page: %v %v", resp.StatusCode, err)
	}

	// Another user of the agent is no administrator.
	nf := newFixtureWith(t, Options{Admins: []string{"someone-else"}})
	tok2 := nf.login(3600)
	if status, body := nf.page("/Customer/list?Token=" + tok2); status != 403 || !strings.Contains(body, "not an administrator") {
		t.Errorf("Customer/list for a non-administrator: %d %s", status, body)
	}
	if status, _ := nf.page("/Customer/CheckList?Token=" + tok2); status != 200 {
		t.Errorf("CheckList for a non-administrator: %d", status)
	}
}

// newFixtureWith is newFixture with more options.
func newFixtureWith(t *testing.T, opts Options) *fixture {
	f := &fixture{t: t, now: time.Unix(1489044754, 0)}
	opts.State = state.NewMemory()
	opts.Now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	f.srv = httptest.NewServer(New(opts))
	t.Cleanup(f.srv.Close)
	return f
}

// The sandbox answers msg in the documents' Chinese, and its 500 comes
// without fault injection, for a vehicle ending in 500.
func TestDocumentMessagesAndInternalError(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	for _, tc := range []struct {
		params map[string]string
		secret string
		status int
		msg    string
	}{
		{f.params(tok, "LicenseNo", "京J97896"), TestSecretKey, 200, "续保成功"},
		{f.params(tok, "LicenseNo", "京J97897"), TestSecretKey, 206, "续保失败"},
		{f.params(tok, "LicenseNo", "京J97896"), "wrong", 406, "验证不通过"},
		{f.params("0123", "LicenseNo", "京J97896"), TestSecretKey, 403, "未授权,服务器拒绝请求"},
		{f.params(tok, "LicenseNo", "京J9789"), TestSecretKey, 412, "参数校验不通过"},
		{f.params(tok, "LicenseNo", "京J97500"), TestSecretKey, 500, "请求接口内部错误"},
		{f.params(tok, "CarVin", "LSVAU2180N2183500", "EngineNo", "A1"), TestSecretKey, 500, "请求接口内部错误"},
	} {
		status, body := f.renewal(tc.params, tc.secret)
		if msg, _ := body["msg"].(string); status != tc.status || !strings.HasPrefix(msg, tc.msg) {
			t.Errorf("%v: HTTP %d %q, want %d %q", tc.params, status, msg, tc.status, tc.msg)
		}
	}
}
