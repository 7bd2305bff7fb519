package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// The login's body is JSON, as the renewal's is: a body under another
// Content-Type (or none) is one a JSON-binding server finds no parameters
// in. The login took any, while the renewal refused the same body, so a
// client that forgot the header on the login passed the sandbox.
func TestLoginWantsJSONContentType(t *testing.T) {
	f := newFixture(t, nil)
	ts := strconv.FormatInt(f.now.Unix(), 10)
	_, code := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, "600", false)
	body := js(map[string]any{"agentId": TestAgentID, "userName": TestUsername, "timestamp": ts, "timeout": "600", "secCode": code})
	for ct, want := range map[string]int{
		"":                                  416,
		"text/plain":                        416,
		"application/x-www-form-urlencoded": 416,
		"application/json; charset=utf-8":   200,
		"Application/JSON":                  200,
	} {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/unite/login", strings.NewReader(body))
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
