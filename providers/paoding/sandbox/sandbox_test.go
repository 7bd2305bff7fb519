package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// 2025-03-10 09:00 in China.
var start = time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

type box struct {
	t      *testing.T
	clock  *clock
	server *sandbox.Server
	srv    *httptest.Server
}

func newBox(t *testing.T, opts sandbox.Options) *box {
	b := &box{t: t, clock: &clock{t: start}}
	if opts.State == nil {
		opts.State = state.NewMemory()
	}
	opts.Now = b.clock.Now
	b.server = sandbox.New(opts)
	b.srv = httptest.NewServer(b.server)
	t.Cleanup(b.srv.Close)
	return b
}

// answer is a decoded reply; Data stays raw so tests can see how numbers
// are spelled.
type answer struct {
	Status      int
	ContentType string
	Code        string          `json:"code"`
	Remark      string          `json:"remark"`
	Data        json.RawMessage `json:"data"`
}

func (b *box) send(method, path string, header map[string]string, contentType, body string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header[k] = []string{v} // as given: the underscore spelling must survive
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type")}
	if resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			b.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return a
}

const form = "application/x-www-form-urlencoded"

func v1() map[string]string { return map[string]string{"Api-4s-Version": "1.0"} }

func auth(tok string) map[string]string {
	return map[string]string{"Api-4s-Version": "1.0", "Authorization-Token": tok}
}

func (b *box) post(path string, h map[string]string, v url.Values) answer {
	return b.send("POST", path, h, form, v.Encode())
}

func (b *box) get(path string, h map[string]string, q url.Values) answer {
	return b.send("GET", path+"?"+q.Encode(), h, "", "")
}

func (b *box) login() (tok, refresh string) {
	b.t.Helper()
	a := b.post(paoding.PathTokenGenerate, v1(), url.Values{"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)}})
	var d struct{ Token, RefreshToken string }
	if a.Code != "10000" || json.Unmarshal(a.Data, &d) != nil {
		b.t.Fatalf("login: code %s %s", a.Code, a.Remark)
	}
	return d.Token, d.RefreshToken
}

func TestHeadersMethodsAndEncoding(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	gen := url.Values{"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)}}
	cases := []struct {
		name, method, ctype, body, code, remark string
		header                                  map[string]string
		status                                  int
	}{
		{"no version", "POST", form, gen.Encode(), "10010", "Api-4s-Version", nil, 200},
		// Document version 1.2 replaced the underscore spelling: it is
		// a missing header now (headers_test.go has the rest).
		{"underscore header", "POST", form, gen.Encode(), "10010", "Api-4s-Version", map[string]string{"Api_4s_Version": "1.0"}, 200},
		{"unknown version", "POST", form, gen.Encode(), "10010", "版本", map[string]string{"Api-4s-Version": "2.0"}, 200},
		{"json body", "POST", "application/json", `{"userName":"sandbox-4s"}`, "10010", "x-www-form-urlencoded", v1(), 200},
		{"wrong method", "GET", "", "", "", "", v1(), 405},
		{"ok", "POST", form + ";charset=UTF-8", gen.Encode(), "10000", "成功", v1(), 200},
	}
	for _, c := range cases {
		a := b.send(c.method, paoding.PathTokenGenerate, c.header, c.ctype, c.body)
		if a.Status != c.status || a.Code != c.code || !strings.Contains(a.Remark, c.remark) {
			t.Errorf("%s: %+v", c.name, a)
		}
		if c.status == 200 && a.ContentType != "application/json;charset=UTF-8" {
			t.Errorf("%s: content type %q", c.name, a.ContentType)
		}
	}
	if a := b.send("GET", "/4s/unknown", v1(), "", ""); a.Status != 404 {
		t.Errorf("unknown path: %d", a.Status)
	}
}

func TestGenerateAnswerAndCredentials(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	good := paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)
	a := b.post(paoding.PathTokenGenerate, v1(), url.Values{"userName": {sandbox.TestUsername}, "sign": {strings.ToUpper(good)}})
	var d map[string]any
	_ = json.Unmarshal(a.Data, &d)
	tok, _ := d["token"].(string)
	rt, _ := d["refreshToken"].(string)
	if a.Code != "10000" || d["effectiveDuration"] != "120" || len(tok) != 32 || len(rt) != 32 {
		t.Errorf("generate: code %s, effectiveDuration %v, token lengths wrong or missing", a.Code, d["effectiveDuration"])
	}
	for name, v := range map[string]url.Values{
		"10020": {"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, "nope")}},
		"10010": {"userName": {sandbox.TestUsername}},
	} {
		if a := b.post(paoding.PathTokenGenerate, v1(), v); a.Code != name || string(a.Data) != "{}" {
			t.Errorf("want %s: %+v", name, a)
		}
	}
}

func TestTokenLifetimeAndSingleUseRefresh(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	if a := b.get(paoding.PathBrandList, v1(), nil); a.Code != "10030" {
		t.Errorf("no token: %+v", a)
	}
	b.clock.Add(119*time.Minute + 59*time.Second)
	if a := b.get(paoding.PathBrandList, auth(tok), nil); a.Code != "10000" {
		t.Errorf("just before expiry: %+v", a)
	}
	b.clock.Add(time.Second)
	if a := b.get(paoding.PathBrandList, auth(tok), nil); a.Code != "10030" {
		t.Errorf("at expiry: %+v", a)
	}

	tok, rt := b.login()
	b.clock.Add(100 * time.Minute)
	a := b.post(paoding.PathTokenRefresh, auth(tok), url.Values{"refreshToken": {rt}})
	var d struct{ RefreshToken, EffectiveDuration string }
	if a.Code != "10000" || json.Unmarshal(a.Data, &d) != nil || len(d.RefreshToken) != 32 || d.RefreshToken == rt || d.EffectiveDuration != "120" {
		t.Fatalf("refresh: code %s %s, new refresh token length %d, duration %q", a.Code, a.Remark, len(d.RefreshToken), d.EffectiveDuration)
	}
	if a := b.post(paoding.PathTokenRefresh, auth(tok), url.Values{"refreshToken": {rt}}); a.Code != "10010" {
		t.Errorf("second use of a refresh token: %+v", a)
	}
	_, otherRT := b.login()
	if a := b.post(paoding.PathTokenRefresh, auth(tok), url.Values{"refreshToken": {otherRT}}); a.Code != "10010" {
		t.Errorf("another token's refresh token: %+v", a)
	}
	b.clock.Add(110 * time.Minute) // 210 minutes after login, 110 after the refresh
	if a := b.get(paoding.PathBrandList, auth(tok), nil); a.Code != "10000" {
		t.Errorf("the refresh did not restart the token's life: %+v", a)
	}
}

func TestQuotaRollsOverAtChinaMidnight(t *testing.T) {
	b := newBox(t, sandbox.Options{Quotas: map[string]int{paoding.OpTokenGenerate: 1}})
	b.login()
	v := url.Values{"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)}}
	if a := b.post(paoding.PathTokenGenerate, v1(), v); a.Code != "10040" {
		t.Errorf("over quota: %+v", a)
	}
	b.clock.Add(14*time.Hour + 59*time.Minute) // 23:59 in China
	if a := b.post(paoding.PathTokenGenerate, v1(), v); a.Code != "10040" {
		t.Errorf("same day: %+v", a)
	}
	b.clock.Add(time.Minute)
	if a := b.post(paoding.PathTokenGenerate, v1(), v); a.Code != "10000" {
		t.Errorf("next day: %+v", a)
	}
}

func TestBuyChecks(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	ok := func(mod func(url.Values)) url.Values {
		v := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {"o1"}, "notifyUrl": {"https://p.example.com/n"}}
		mod(v)
		return v
	}
	cases := map[string]url.Values{
		"30060 letter O":        ok(func(v url.Values) { v.Set("vin", "LSVAU2180N218329O") }),
		"30060 short":           ok(func(v url.Values) { v.Set("vin", "LSVAU2180N218329") }),
		"10010 long orderId":    ok(func(v url.Values) { v.Set("orderId", strings.Repeat("o", 51)) }),
		"10010 no notifyUrl":    ok(func(v url.Values) { v.Del("notifyUrl") }),
		"10010 vin and image":   ok(func(v url.Values) { v.Set("image", "https://p.example.com/a.jpg") }),
		"10010 no factory":      ok(func(v url.Values) { v.Del("brandFactoryId") }),
		"10010 factory not int": ok(func(v url.Values) { v.Set("brandFactoryId", "twenty") }),
		"10010 long engineNum":  ok(func(v url.Values) { v.Set("engineNum", strings.Repeat("E", 16)) }),
		"20010 unknown factory": ok(func(v url.Values) { v.Set("brandFactoryId", "7") }),
		"30070 needs engine":    ok(func(v url.Values) { v.Set("brandFactoryId", "30") }),
	}
	for name, v := range cases {
		if a := b.post(paoding.PathReportBuy, auth(tok), v); a.Code != name[:5] {
			t.Errorf("%s: %+v", name, a)
		}
	}
	// A licence photo goes as its URL, in the same form encoding.
	a := b.post(paoding.PathReportBuy, auth(tok), url.Values{"image": {"https://p.example.com/a.jpg"}, "orderId": {"o2"}, "notifyUrl": {"https://p.example.com/n"}})
	if a.Code != "10000" || !strings.Contains(string(a.Data), `"platformOrderNum": "20250310-0001"`) {
		t.Errorf("image order: %+v", a)
	}
}

func TestAnswersQuoteNumbersLikeTheDocument(t *testing.T) {
	b := newBox(t, sandbox.Options{ReportDelay: time.Second})
	tok, _ := b.login()
	a := b.get(paoding.PathBrandFactoryGet, auth(tok), url.Values{"brandFactoryId": {"20"}})
	for _, want := range []string{`"brandFactoryId": "20"`, `"brandId": "120"`, `"price": "29"`, `"needEngineNum": false`, `"usable": true`} {
		if !strings.Contains(string(a.Data), want) {
			t.Errorf("factory answer lacks %s: %s", want, a.Data)
		}
	}
	b.post(paoding.PathReportBuy, auth(tok), url.Values{"brandFactoryId": {"31"}, "vin": {"LSVAU2180N2183226"}, "orderId": {"r1"}, "notifyUrl": {"https://p.example.com/n"}})
	b.clock.Add(time.Second)
	a = b.get(paoding.PathReportGet, auth(tok), url.Values{"orderId": {"r1"}})
	if !strings.Contains(string(a.Data), `"status": "2"`) || !strings.Contains(string(a.Data), `"numberOfAccidents": null`) {
		t.Errorf("report: %s", a.Data)
	}
}

// Two sandboxes over one state file stand for two insure processes.
func TestProcessesShareState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	open := func() state.Store {
		s, err := state.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	one := newBox(t, sandbox.Options{State: open(), ReportDelay: time.Second})
	two := newBox(t, sandbox.Options{State: open(), ReportDelay: time.Second})
	tok, _ := one.login()
	buy := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {"shared"}, "notifyUrl": {"https://p.example.com/n"}}
	if a := one.post(paoding.PathReportBuy, auth(tok), buy); a.Code != "10000" {
		t.Fatalf("buy: %+v", a)
	}
	if a := two.post(paoding.PathReportBuy, auth(tok), buy); a.Code != "30020" {
		t.Errorf("duplicate through the other process: %+v", a)
	}
	one.clock.Add(time.Second)
	two.clock.Add(time.Second)
	first := one.get(paoding.PathReportGet, auth(tok), url.Values{"orderId": {"shared"}})
	second := two.get(paoding.PathReportGet, auth(tok), url.Values{"orderId": {"shared"}})
	if first.Code != "10000" || !strings.Contains(string(first.Data), `"status": "2"`) || !reflect.DeepEqual(first.Data, second.Data) {
		t.Errorf("the processes disagree:\n%s\n%s", first.Data, second.Data)
	}
}

// A new sandbox over the same state file (a later insure process) finds
// the tokens, orders, quota counters and order numbers the first one left.
func TestStatePersistsAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	opts := sandbox.Options{ReportDelay: time.Second, Quotas: map[string]int{paoding.OpReportBuy: 3, paoding.OpTokenRefresh: 5, paoding.OpReportGet: 5}}
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	opts.State = st
	one := newBox(t, opts)
	tok, rt := one.login()
	buy := func(b *box, id string) answer {
		return b.post(paoding.PathReportBuy, auth(tok), url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {id}, "notifyUrl": {"https://p.example.com/n"}})
	}
	if a := buy(one, "p1"); a.Code != "10000" || !strings.Contains(string(a.Data), "20250310-0001") {
		t.Fatalf("buy: %+v", a)
	}
	one.srv.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	if opts.State, err = state.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { opts.State.Close() })
	two := newBox(t, opts)
	two.clock.Add(time.Second)
	if a := buy(two, "p1"); a.Code != "30020" {
		t.Errorf("the order bought before: %+v", a)
	}
	if a := buy(two, "p2"); a.Code != "10000" || !strings.Contains(string(a.Data), "20250310-0002") {
		t.Errorf("the day's numbering did not carry on: %+v", a)
	}
	if a := buy(two, "p3"); a.Code != "10040" {
		t.Errorf("the quota's count did not carry on (3 calls): %+v", a)
	}
	if a := two.get(paoding.PathReportGet, auth(tok), url.Values{"orderId": {"p1"}}); a.Code != "10000" || !strings.Contains(string(a.Data), `"status": "2"`) {
		t.Errorf("report of the order bought before: %+v", a)
	}
	if a := two.post(paoding.PathTokenRefresh, auth(tok), url.Values{"refreshToken": {rt}}); a.Code != "10000" {
		t.Errorf("refresh token issued before: %+v", a)
	}
}

// Two processes sharing the state file, calling at once, never grant more
// than the day's quota between them: the counter row is read and bumped in
// one transaction.
func TestQuotaHoldsAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	var boxes []*box
	for range 2 {
		s, err := state.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		boxes = append(boxes, newBox(t, sandbox.Options{State: s, Quotas: map[string]int{paoding.OpTokenGenerate: 10}}))
	}
	v := url.Values{"userName": {sandbox.TestUsername}, "sign": {paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)}}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		codes = map[string]int{}
	)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := boxes[i%2].post(paoding.PathTokenGenerate, v1(), v)
			mu.Lock()
			codes[a.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes["10000"] != 10 || codes["10040"] != 20 {
		t.Errorf("answers %v, want 10 tokens and 20 refusals", codes)
	}
}

// The document pairs engineNum with vin, against image: a photo order
// that also names an engine number is a parameter error, and nothing is
// stored, so the orderId stays free.
func TestBuyRefusesEngineNumWithImage(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	a := b.post(paoding.PathReportBuy, auth(tok), url.Values{"image": {"https://p.example.com/a.jpg"}, "engineNum": {"2192209"},
		"orderId": {"o-img"}, "notifyUrl": {"https://p.example.com/n"}})
	if a.Code != "10010" || !strings.Contains(a.Remark, "engineNum") {
		t.Errorf("image with engineNum: %+v", a)
	}
	if o, err := b.server.Order("o-img"); err == nil || o != nil {
		t.Errorf("the refused order was stored: %+v", o)
	}
}
