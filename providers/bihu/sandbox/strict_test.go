package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
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
	for ct, want := range map[string]int{
		"":                                  412,
		"text/plain":                        412,
		"application/x-www-form-urlencoded": 412,
		"application/json; charset=utf-8":   200,
		"Application/JSON":                  200,
	} {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/unite/unitecheckrenewal", strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Content-Type %q: HTTP %d, want %d", ct, resp.StatusCode, want)
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
