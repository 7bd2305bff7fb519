package sandbox

import (
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// A body naming one bound parameter twice (LicenseNo and licenseno: the
// server binds names without regard to case) used to be answered by
// whichever Go's map order read last: the same body came back 200 or 406
// at random. It is refused, every time, with the document's parameter
// code, naming both spellings.
func TestRenewalRefusesAParameterGivenTwice(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	p := f.params(tok, "LicenseNo", "京J97896")
	_, code := bihu.RenewalSecCode(p, TestSecretKey, false)
	body := fmt.Sprintf(`{"LicenseNo":"京J97896","licenseno":"京A12345","CityCode":"1","AgentId":%q,"Token":%q,"TimeStamp":%s,"secCode":%q}`,
		p["AgentId"], tok, p["TimeStamp"], code)
	for i := 0; i < 20; i++ {
		status, ans := f.post("/unite/unitecheckrenewal", body)
		msg, _ := ans["msg"].(string)
		if status != 412 || !strings.Contains(msg, "LicenseNo") || !strings.Contains(msg, "licenseno") {
			t.Fatalf("attempt %d: HTTP %d %q, want 412 naming LicenseNo and licenseno", i+1, status, msg)
		}
	}
	// A key the server does not bind may repeat: it is ignored anyway.
	_, code = bihu.RenewalSecCode(p, TestSecretKey, false)
	body = fmt.Sprintf(`{"LicenseNo":"京J97896","CityCode":"1","AgentId":%q,"Token":%q,"TimeStamp":%s,"secCode":%q,"extra":1,"EXTRA":2}`,
		p["AgentId"], tok, p["TimeStamp"], code)
	if status, ans := f.post("/unite/unitecheckrenewal", body); status != 200 {
		t.Errorf("unbound key twice: HTTP %d %v, want 200", status, ans["msg"])
	}
}

func TestLoginRefusesAParameterGivenTwice(t *testing.T) {
	f := newFixture(t, nil)
	ts := fmt.Sprint(f.now.Unix())
	_, code := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, "600", false)
	body := fmt.Sprintf(`{"agentId":%q,"userName":%q,"UserName":"someone-else","timestamp":%s,"timeout":600,"secCode":%q}`,
		TestAgentID, TestUsername, ts, code)
	for i := 0; i < 20; i++ {
		status, ans := f.post("/unite/login", body)
		if msg, _ := ans["msg"].(string); status != 416 || !strings.Contains(msg, "UserName") {
			t.Fatalf("attempt %d: HTTP %d %q, want 416 naming the repeated userName", i+1, status, msg)
		}
	}
}
