package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/bihu"
)

// These tests speak raw HTTP, to reach what the client never sends:
// numbers instead of strings, odd key and path case, broken bodies.

type fixture struct {
	t   *testing.T
	srv *httptest.Server
	mu  sync.Mutex
	now time.Time
}

func newFixture(t *testing.T, store state.Store) *fixture {
	f := &fixture{t: t, now: time.Unix(1489044754, 0)}
	f.srv = httptest.NewServer(New(Options{State: store, Now: func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

func (f *fixture) post(path, body string) (int, map[string]any) {
	f.t.Helper()
	resp, err := http.Post(f.srv.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func js(m map[string]any) string { b, _ := json.Marshal(m); return string(b) }

// login opens a session the way the login document's example does, with
// numbers for agentId, timestamp and timeout.
func (f *fixture) login(timeout int) string {
	f.t.Helper()
	ts := strconv.FormatInt(f.now.Unix(), 10)
	_, code := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, strconv.Itoa(timeout), true)
	status, body := f.post("/UNITE/Login", js(map[string]any{"AgentId": 102, "userName": TestUsername,
		"timestamp": json.Number(ts), "timeout": timeout, "secCode": code}))
	tok, _ := body["Token"].(string)
	if status != 200 || len(tok) != 32 {
		f.t.Fatalf("login: HTTP %d %v", status, body["msg"])
	}
	return tok
}

// renewal signs p (strings) and posts it with TimeStamp as a number.
func (f *fixture) renewal(p map[string]string, secret string) (int, map[string]any) {
	f.t.Helper()
	_, code := bihu.RenewalSecCode(p, secret, false)
	body := map[string]any{"secCode": code}
	for k, v := range p {
		body[k] = v
	}
	if ts, err := strconv.Atoi(p["TimeStamp"]); err == nil {
		body["TimeStamp"] = ts
	}
	return f.post("/unite/unitecheckrenewal", js(body))
}

func (f *fixture) params(token string, kv ...string) map[string]string {
	p := map[string]string{"AgentId": TestAgentID, "Token": token, "TimeStamp": strconv.FormatInt(f.now.Unix(), 10), "CityCode": "1"}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return p
}

func TestRenewsRule(t *testing.T) {
	for v, want := range map[string]bool{"京J97896": true, "京A12340": true, "京A12345": false, "京A1234X": false,
		"LSVAU2180N2183294": true, "LS4ASE2A2GJ137027": false, "": false} {
		if Renews(v) != want {
			t.Errorf("Renews(%q) = %v", v, !want)
		}
	}
}

func TestLoginStatuses(t *testing.T) {
	f := newFixture(t, nil)
	f.login(60)
	sign := func(agent, user, ts, to string) string {
		_, c := bihu.LoginSecCode(agent, user, TestSecretKey, ts, to, false)
		return c
	}
	for _, tc := range []struct {
		body string
		want int
	}{
		{`not json`, 416},
		{js(map[string]any{"agentId": "999", "userName": "u", "timestamp": "1", "timeout": "60", "secCode": sign("999", "u", "1", "60")}), 403},
		{js(map[string]any{"userName": "u", "timestamp": "1", "timeout": "60"}), 403},
		{js(map[string]any{"agentId": "102", "userName": "", "timestamp": "1", "timeout": "60", "secCode": sign("102", "", "1", "60")}), 416},
		{js(map[string]any{"agentId": "102", "userName": "u", "timestamp": "x", "timeout": "60", "secCode": sign("102", "u", "x", "60")}), 416},
		{js(map[string]any{"agentId": "102", "userName": "u", "timestamp": "1", "timeout": "0", "secCode": sign("102", "u", "1", "0")}), 416},
		{js(map[string]any{"agentId": "102", "userName": "u", "timestamp": "1", "timeout": "60", "secCode": sign("102", "u", "1", "61")}), 406},
		{js(map[string]any{"agentId": "102", "userName": "u", "timestamp": "1", "timeout": "60"}), 406},
		{js(map[string]any{"agentId": "102", "userName": "u", "timestamp": "1", "timeout": "60", "secCode": sign("102", "u", "1", "60")}), 200},
	} {
		if got, body := f.post("/unite/login", tc.body); got != tc.want || body["code"] != float64(tc.want) {
			t.Errorf("%.60s: HTTP %d code %v, want %d", tc.body, got, body["code"], tc.want)
		}
	}
	resp, err := http.Get(f.srv.URL + "/unite/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET login: HTTP %d", resp.StatusCode)
	}
}

func TestRenewalStatuses(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	other := newFixture(t, nil).login(600) // a token this server never issued

	p := f.params(tok, "LicenseNo", "京J97896")
	if status, body := f.renewal(p, TestSecretKey); status != 200 || len(body["RenewalToken"].(string)) != 32 {
		t.Errorf("plate: HTTP %d %v", status, body)
	}
	if status, _ := f.renewal(f.params(tok, "CarVin", "LSVAU2180N2183294", "EngineNo", "A1"), TestSecretKey); status != 200 {
		t.Errorf("vin: HTTP %d", status)
	}
	for _, tc := range []struct {
		name   string
		params map[string]string
		secret string
		want   int
	}{
		{"no record", f.params(tok, "LicenseNo", "京A12345"), TestSecretKey, 206},
		{"no record by vin", f.params(tok, "CarVin", "LS4ASE2A2GJ137027", "EngineNo", "2192209"), TestSecretKey, 206},
		{"wrong secret", p, "wrong", 406},
		{"unknown token", f.params(other, "LicenseNo", "京J97896"), TestSecretKey, 403},
		{"missing token", f.params("", "LicenseNo", "京J97896"), TestSecretKey, 412},
		{"unknown agent", f.params(tok, "LicenseNo", "京J97896", "AgentId", "999"), TestSecretKey, 403},
		{"no vehicle", f.params(tok), TestSecretKey, 412},
		{"new-energy plate", f.params(tok, "LicenseNo", "京AD12345"), TestSecretKey, 412},
		{"bad plate", f.params(tok, "LicenseNo", "京A1234"), TestSecretKey, 412},
		{"bad vin", f.params(tok, "CarVin", "LS4ASE2A2GJ13702I", "EngineNo", "1"), TestSecretKey, 412},
		{"vin without engine", f.params(tok, "CarVin", "LSVAU2180N2183294"), TestSecretKey, 412},
		{"unknown city", f.params(tok, "LicenseNo", "京J97896", "CityCode", "99"), TestSecretKey, 412},
		{"city by name", f.params(tok, "LicenseNo", "京J97896", "CityCode", "北京"), TestSecretKey, 412},
		{"no city", f.params(tok, "LicenseNo", "京J97896", "CityCode", ""), TestSecretKey, 412},
		{"no agent", f.params(tok, "LicenseNo", "京J97896", "AgentId", ""), TestSecretKey, 412},
		{"bad timestamp", f.params(tok, "LicenseNo", "京J97896", "TimeStamp", "soon"), TestSecretKey, 412},
	} {
		if got, body := f.renewal(tc.params, tc.secret); got != tc.want || body["code"] != float64(tc.want) {
			t.Errorf("%s: HTTP %d (%v), want %d", tc.name, got, body["msg"], tc.want)
		}
	}
	if got, _ := f.post("/unite/unitecheckrenewal", `{"LicenseNo":true}`); got != 412 {
		t.Errorf("boolean value: HTTP %d", got)
	}
	if got, _ := f.post("/unite/unitecheckrenewal", `{"LicenseNo":"京J97896"`); got != 412 {
		t.Errorf("broken JSON: HTTP %d", got)
	}

	// A session lasts exactly the timeout asked for.
	f.advance(599 * time.Second)
	if got, _ := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
		t.Errorf("before expiry: HTTP %d", got)
	}
	f.advance(time.Second)
	if got, _ := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 403 {
		t.Errorf("after expiry: HTTP %d", got)
	}
}

// Key case does not matter to the server, which computes the secCode
// over the names as the body spells them; extra keys take no part in it.
func TestRenewalBindsKeysWithoutCase(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	p := f.params(tok, "LicenseNo", "京J97896")
	_, code := bihu.RenewalSecCode(map[string]string{"licenseno": p["LicenseNo"], "CITYCODE": "1", "agentid": "102",
		"token": tok, "timestamp": p["TimeStamp"]}, TestSecretKey, true)
	body := map[string]any{"licenseno": p["LicenseNo"], "CITYCODE": "1", "agentid": 102, "token": tok,
		"timestamp": p["TimeStamp"], "SECCODE": code, "Extra": "ignored"}
	if got, m := f.post("/Unite/UniteCheckRenewal", js(body)); got != 200 {
		t.Errorf("HTTP %d %v", got, m["msg"])
	}
}

func TestSignOutAndPages(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	_, body := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey)
	rt := body["RenewalToken"].(string)

	page := func(path string) (int, string) {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, html := page("/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt); st != 200 ||
		!strings.Contains(html, tok) || !strings.Contains(html, rt) || !strings.Contains(html, "京J97896") || !strings.Contains(html, "1 北京") {
		t.Errorf("quote page: HTTP %d", st)
	}
	if st, html := page("/doquote/selectinsurancenew?token=" + tok + "&renewaltoken=nope"); st != 200 || !strings.Contains(html, "no renewal record") {
		t.Errorf("quote page, unknown renewal token: HTTP %d", st)
	}
	if st, html := page("/DoQuote/ReplenishInfo?Token=<b>"); st != 403 || !strings.Contains(html, "&lt;b&gt;") {
		t.Errorf("replenish page without a session: HTTP %d", st)
	}
	// Every value the page shows is escaped, not only the token.
	if st, html := page("/DoQuote/ReplenishInfo?Token=" + tok + "&LicenseNo=%3Cscript%3E%26"); st != 200 ||
		!strings.Contains(html, "LicenseNo: &lt;script&gt;&amp;") || strings.Contains(html, "<script>") {
		t.Errorf("replenish page with markup in the plate: HTTP %d\n%s", st, html)
	}

	signOut := func(agent, token, secret string) int {
		_, code := bihu.SignOutSecCode(agent, secret, token, false)
		resp, err := http.Get(f.srv.URL + "/unite/SignOut?" + url.Values{"agentId": {agent}, "token": {token}, "secCode": {code}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		agent, token, secret string
		want                 int
	}{
		{"999", tok, TestSecretKey, 403},
		{TestAgentID, tok, "wrong", 406},
		{TestAgentID, "", TestSecretKey, 403},
		{TestAgentID, tok, TestSecretKey, 200},
		{TestAgentID, tok, TestSecretKey, 403}, // already signed out
	} {
		if got := signOut(tc.agent, tc.token, tc.secret); got != tc.want {
			t.Errorf("sign-out %+v: HTTP %d, want %d", tc, got, tc.want)
		}
	}
	if st, _ := page("/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt); st != 403 {
		t.Errorf("quote page after sign-out: HTTP %d", st)
	}
	if st, _ := page("/unite/nothing"); st != 404 {
		t.Errorf("unknown path: HTTP %d", st)
	}
}

// brokenStore fails every write after the first n, as a full disk would.
type brokenStore struct {
	*state.Memory
	n int
}

func (b *brokenStore) Tx(ctx context.Context, fn func(state.Tx) error) error {
	if b.n == 0 {
		return errors.New("disk full")
	}
	b.n--
	return b.Memory.Tx(ctx, fn)
}

func TestStateFailureIs500(t *testing.T) {
	f := newFixture(t, &brokenStore{Memory: state.NewMemory(), n: 1})
	tok := f.login(600)
	if got, body := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 500 || body["code"] != float64(500) {
		t.Errorf("HTTP %d", got)
	}
}
