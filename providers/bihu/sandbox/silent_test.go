package sandbox

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/bihu"
)

// Where the documents are silent the sandbox accepts: the real server
// may take what they do not forbid, and a sandbox that refuses it would
// fail a client the real server serves. These tests speak raw HTTP.

// loginAs logs in as user asking for a timeout (both as sent), at the
// fixture's time, and returns the status, the msg and the token.
func (f *fixture) loginAs(user, timeout string) (int, string, string) {
	f.t.Helper()
	ts := strconv.FormatInt(f.now.Unix(), 10)
	_, code := bihu.LoginSecCode(TestAgentID, user, TestSecretKey, ts, timeout, false)
	status, body := f.post("/unite/login", js(map[string]any{"agentId": TestAgentID, "userName": user,
		"timestamp": ts, "timeout": timeout, "secCode": code}))
	msg, _ := body["msg"].(string)
	tok, _ := body["Token"].(string)
	return status, msg, tok
}

// The login document gives userName no length: the user is the partner's
// own. The sandbox used to refuse more than 50 characters with 416.
func TestLoginTakesUserNamesOfAnyLength(t *testing.T) {
	f := newFixture(t, nil)
	for _, user := range []string{strings.Repeat("u", 51), strings.Repeat("壁", 300), strings.Repeat("a", 4000)} {
		status, msg, tok := f.loginAs(user, "600")
		if status != 200 || tok == "" {
			t.Errorf("user name of %d characters: HTTP %d %q", len([]rune(user)), status, msg)
			continue
		}
		if got, body := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
			t.Errorf("renewal in that session: HTTP %d %v", got, body["msg"])
		}
	}
	if status, msg, _ := f.loginAs("", "600"); status != 416 || !strings.Contains(msg, "userName") {
		t.Errorf("empty user name: HTTP %d %q", status, msg)
	}
}

// The login document gives the timeout in seconds and no ceiling. The
// sandbox used to refuse more than 30 days with 416; a session now lasts
// what was asked for, however long.
func TestLoginTakesTimeoutsOfAnyLength(t *testing.T) {
	f := newFixture(t, nil)
	const thirtyDaysAndOne = 30*24*3600 + 1
	status, msg, tok := f.loginAs(TestUsername, strconv.Itoa(thirtyDaysAndOne))
	if status != 200 {
		t.Fatalf("timeout of 30 days and a second: HTTP %d %q", status, msg)
	}
	for _, to := range []string{"315360000", "9223372036", "99999999999999999999"} {
		if status, msg, _ := f.loginAs(TestUsername, to); status != 200 {
			t.Errorf("timeout %s: HTTP %d %q", to, status, msg)
		}
	}
	_, _, endless := f.loginAs(TestUsername, "99999999999999999999")

	f.advance(thirtyDaysAndOne*time.Second - time.Second)
	if got, body := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
		t.Errorf("a second before the 30 days and a second: HTTP %d %v", got, body["msg"])
	}
	f.advance(time.Second)
	if got, _ := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 403 {
		t.Errorf("at the end of the timeout: HTTP %d", got)
	}
	f.advance(200 * 365 * 24 * time.Hour)
	if got, body := f.renewal(f.params(endless, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
		t.Errorf("the longest session, two centuries on: HTTP %d %v", got, body["msg"])
	}

	// What is not a number of seconds still fails the login.
	for _, to := range []string{"0", "-60", "1.5", "60s", ""} {
		if status, msg, _ := f.loginAs(TestUsername, to); status != 416 || !strings.Contains(msg, "timeout") {
			t.Errorf("timeout %q: HTTP %d %q", to, status, msg)
		}
	}
}

// The renewal table lists Token without condition, so a renewal without
// one fails the parameter check (412), as one without AgentId does,
// before the SecCode is looked at. It used to be 403, the answer for a
// Token sent that names no open session.
func TestRenewalWithoutTokenIs412(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	absent := f.params(tok, "LicenseNo", "京J97896")
	delete(absent, "Token")
	for _, tc := range []struct {
		name   string
		params map[string]string
		secret string
	}{
		{"Token absent", absent, TestSecretKey},
		{"Token empty", f.params("", "LicenseNo", "京J97896"), TestSecretKey},
		{"Token absent, SecCode wrong too", absent, "wrong"},
	} {
		got, body := f.renewal(tc.params, tc.secret)
		if msg, _ := body["msg"].(string); got != 412 || body["code"] != float64(412) || !strings.Contains(msg, "Token") {
			t.Errorf("%s: HTTP %d %q, want 412 naming Token", tc.name, got, msg)
		}
	}
	if got, _ := f.renewal(f.params(strings.Repeat("0", 32), "LicenseNo", "京J97896"), TestSecretKey); got != 403 {
		t.Errorf("a Token that names no session: HTTP %d, want 403", got)
	}
}

// Neither document sets a window within which the timestamp must fall,
// and their own examples are years old (login 1489044754, renewal
// 11111111): the sandbox, on the real clock, takes them as they are.
func TestTimestampsNeedNotBeFresh(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	t.Cleanup(srv.Close)
	f := &fixture{t: t, srv: srv, now: time.Unix(1489044754, 0)}
	status, msg, tok := f.loginAs(TestUsername, "5000")
	if status != 200 {
		t.Fatalf("login at the document's timestamp: HTTP %d %q", status, msg)
	}
	for _, ts := range []string{"11111111", strconv.FormatInt(time.Now().Add(24*time.Hour).Unix(), 10)} {
		if got, body := f.renewal(f.params(tok, "LicenseNo", "京J97896", "TimeStamp", ts), TestSecretKey); got != 200 {
			t.Errorf("renewal at TimeStamp %s: HTTP %d %v", ts, got, body["msg"])
		}
	}
}
