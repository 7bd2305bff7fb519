package sandbox

import (
	"strconv"
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
	contentTypes(t, f, "/unite/login", body, 416)
}
