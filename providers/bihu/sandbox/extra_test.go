package sandbox

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// A key the server does not bind is ignored whatever its JSON type, as
// ASP.NET binding ignores it: an object, array or boolean the partner adds
// (a trace id, a client block) must not fail the parameter check. A bound
// key must still be a string or a number.
func TestUnknownKeysOfAnyTypeAreIgnored(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	p := f.params(tok, "LicenseNo", "京J97896")
	_, code := bihu.RenewalSecCode(p, TestSecretKey, false)
	body := map[string]any{"SecCode": code, "Trace": map[string]any{"id": 1}, "Debug": true, "Tags": []string{"a"}}
	for k, v := range p {
		body[k] = v
	}
	if status, ans := f.post("/unite/unitecheckrenewal", js(body)); status != 200 {
		t.Errorf("renewal with extra keys of other types: HTTP %d %v", status, ans["msg"])
	}
	body["CityCode"] = []string{"1"}
	if status, ans := f.post("/unite/unitecheckrenewal", js(body)); status != 412 {
		t.Errorf("renewal with CityCode an array: HTTP %d %v, want 412", status, ans["msg"])
	}

	ts := p["TimeStamp"]
	_, sec := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, "600", false)
	login := map[string]any{"agentId": TestAgentID, "userName": TestUsername, "timestamp": ts, "timeout": "600", "secCode": sec, "client": map[string]any{"v": "1"}, "remember": false}
	if status, ans := f.post("/unite/login", js(login)); status != 200 {
		t.Errorf("login with extra keys of other types: HTTP %d %v", status, ans["msg"])
	}
	login["userName"] = true
	if status, ans := f.post("/unite/login", js(login)); status != 416 || !strings.HasPrefix(ans["msg"].(string), "失败") {
		t.Errorf("login with userName a boolean: HTTP %d %v, want 416", status, ans["msg"])
	}
}
