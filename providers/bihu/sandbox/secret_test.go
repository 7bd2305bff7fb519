package sandbox

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// The secret key is hashed into the secCode and never passed as a
// parameter (renewal document). A correctly signed body that also carries
// it, under any case, fails the parameter check: 412 on renewal, 416 (the
// login's failure) on login. The answer never quotes the secret.
func TestSecretKeySentAsParameterIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	for _, name := range []string{"secretKey", "SecretKey", "SECRETKEY"} {
		for _, value := range []string{TestSecretKey, "X"} {
			p := f.params(tok, "LicenseNo", "京J97896")
			_, code := bihu.RenewalSecCode(p, TestSecretKey, false)
			body := map[string]any{"SecCode": code, name: value}
			for k, v := range p {
				body[k] = v
			}
			status, ans := f.post("/unite/unitecheckrenewal", js(body))
			msg, _ := ans["msg"].(string)
			if status != 412 || !strings.HasPrefix(msg, msgParams) || !strings.Contains(msg, "secretKey") || strings.Contains(msg, value) {
				t.Errorf("renewal with %s=%s: HTTP %d %q, want 412 naming secretKey", name, value, status, msg)
			}
		}
	}

	ts := f.params(tok)["TimeStamp"]
	_, sec := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, "600", false)
	for _, name := range []string{"secretKey", "SecretKey"} {
		login := map[string]any{"agentId": TestAgentID, "userName": TestUsername, "timestamp": ts, "timeout": "600", "secCode": sec, name: TestSecretKey}
		status, ans := f.post("/unite/login", js(login))
		msg, _ := ans["msg"].(string)
		if status != 416 || !strings.HasPrefix(msg, msgLoginFailed) || !strings.Contains(msg, "secretKey") || strings.Contains(msg, TestSecretKey) {
			t.Errorf("login with %s: HTTP %d %q, want 416 naming secretKey", name, status, msg)
		}
		if _, ok := ans["Token"]; ok {
			t.Errorf("login with %s answered a Token", name)
		}
	}
}

// Only a real new-energy plate is refused as one; eight characters that
// are no plate at all (a space inside) are a plate in the wrong format.
func TestPlateWithSpaceIsAFormatError(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	for plate, want := range map[string]string{
		"京J 97896": "格式不正确",
		"京AD12346": "新能源",
	} {
		status, ans := f.renewal(f.params(tok, "LicenseNo", plate), TestSecretKey)
		msg, _ := ans["msg"].(string)
		if status != 412 || !strings.Contains(msg, want) {
			t.Errorf("%s: HTTP %d %q, want 412 saying %s", plate, status, msg, want)
		}
	}
}
