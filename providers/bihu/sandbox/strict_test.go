package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Both documents count the timestamp in unix seconds. A client sending
// milliseconds has the unit wrong, and the sandbox must say so rather than
// let it through to fail against the real server.
func TestMillisecondTimestampsAreRefused(t *testing.T) {
	f := newFixture(t, nil)
	ms := strconv.FormatInt(f.now.UnixMilli(), 10)
	_, code := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ms, "600", false)
	status, body := f.post("/unite/login", js(map[string]any{"agentId": TestAgentID, "userName": TestUsername,
		"timestamp": ms, "timeout": "600", "secCode": code}))
	if msg, _ := body["msg"].(string); status != 416 || !strings.Contains(msg, "timestamp") {
		t.Errorf("login in milliseconds: HTTP %d %q", status, msg)
	}

	tok := f.login(600)
	status, body = f.renewal(f.params(tok, "LicenseNo", "京J97896", "TimeStamp", ms), TestSecretKey)
	if msg, _ := body["msg"].(string); status != 412 || !strings.Contains(msg, "TimeStamp") {
		t.Errorf("renewal in milliseconds: HTTP %d %q", status, msg)
	}
	// The document's own example value, eight digits, is still seconds.
	if status, body := f.renewal(f.params(tok, "LicenseNo", "京J97896", "TimeStamp", "11111111"), TestSecretKey); status != 200 {
		t.Errorf("renewal at the document's timestamp: HTTP %d %v", status, body["msg"])
	}
}

// The renewal document gives Content-Type application/json: a body sent
// under another type is one the server does not bind.
func TestRenewalWantsJSONContentType(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	p := f.params(tok, "LicenseNo", "京J97896")
	_, code := bihu.RenewalSecCode(p, TestSecretKey, false)
	p["SecCode"] = code
	body := js(map[string]any{"LicenseNo": p["LicenseNo"], "CityCode": p["CityCode"], "AgentId": p["AgentId"],
		"Token": p["Token"], "TimeStamp": p["TimeStamp"], "SecCode": p["SecCode"]})
	contentTypes(t, f, "/unite/unitecheckrenewal", body, 412)
}

// contentTypes posts body to path under Content-Types a JSON-binding
// server does not bind (each answered refused) and under JSON's (200).
func contentTypes(t *testing.T, f *fixture, path, body string, refused int) {
	t.Helper()
	for ct, want := range map[string]int{
		"":                                  refused,
		"text/plain":                        refused,
		"application/x-www-form-urlencoded": refused,
		"application/json; charset=utf-8":   200,
		"Application/JSON":                  200,
	} {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s, Content-Type %q: HTTP %d, want %d", path, ct, resp.StatusCode, want)
		}
	}
}

// Renewal cannot cross regions (the city table): a plate that names a
// city of the table has no record in another city.
func TestRenewalCannotCrossRegions(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	for _, tc := range []struct {
		plate, city string
		want        int
	}{
		{"京J97896", "6", 206},
		{"粤B12346", "17", 206},
		{"粤B12346", "11", 200},
		{"京J97896", "1", 200},
		{"黑A12344", "6", 200}, // not a city of the table: the sandbox cannot tell
	} {
		status, body := f.renewal(f.params(tok, "LicenseNo", tc.plate, "CityCode", tc.city), TestSecretKey)
		if status != tc.want {
			t.Errorf("%s in %s: HTTP %d (%v), want %d", tc.plate, tc.city, status, body["msg"], tc.want)
		}
	}
}

// The renewal document gives the charset as well as the type: UTF-8. A
// body labelled with another charset is one the server decodes by that
// label (so UTF-8 text arrives garbled), and bytes that are not UTF-8 are
// not the document's body either; both are 412. The label's case and its
// absence do not matter.
func TestRenewalWantsUTF8(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	p := f.params(tok, "LicenseNo", "京J97896")
	_, code := bihu.RenewalSecCode(p, TestSecretKey, false)
	body := js(map[string]any{"LicenseNo": p["LicenseNo"], "CityCode": p["CityCode"], "AgentId": p["AgentId"],
		"Token": p["Token"], "TimeStamp": p["TimeStamp"], "SecCode": code})
	gbkBody, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ctype, body string
		want        int
		msg         string
	}{
		{"application/json; charset=gbk", body, 412, "UTF-8"},
		{"application/json; charset=ISO-8859-1", body, 412, "UTF-8"},
		{"application/json; charset=gbk", gbkBody, 412, "UTF-8"},
		{"application/json", gbkBody, 412, "UTF-8"},
		{"application/json; charset=UTF-8", body, 200, ""},
		{"application/json;charset=utf-8", body, 200, ""},
		{"application/json", body, 200, ""},
	} {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/unite/unitecheckrenewal", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", tc.ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		msg, _ := m["msg"].(string)
		if resp.StatusCode != tc.want || m["code"] != float64(tc.want) || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s, %d bytes: HTTP %d %q, want %d naming %s", tc.ctype, len(tc.body), resp.StatusCode, msg, tc.want, tc.msg)
		}
	}
}
