package bihu_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// Under --dry-run the transport prints instead of sending. With no cached
// token the login is printed and the renewal follows, signed over the
// stand-in token; with one, only the renewal. Either way the error carries
// the signed renewal, whose SecCode the printed text masks.
func TestRenewDryRun(t *testing.T) {
	now := time.Unix(1489044754, 0)
	for _, cached := range []bool{false, true} {
		var out bytes.Buffer
		tokens := &tokencache.Memory{}
		token := bihu.DryRunToken
		if cached {
			token = "4773EEC3EE9B572851C11DF730DCE827"
			_ = tokens.Save(t.Context(), &tokencache.Token{Value: token, IssuedAt: now, ExpiresAt: now.Add(time.Hour),
				Extra: map[string]string{"agentId": sandbox.TestAgentID, "userName": sandbox.TestUsername, "endpoint": "http://bihu.invalid"}})
		}
		c := bihu.New(bihu.Config{BaseURL: "http://bihu.invalid", AgentID: sandbox.TestAgentID, Username: sandbox.TestUsername,
			SecretKey: sandbox.TestSecretKey, Tokens: tokens, Now: func() time.Time { return now },
			HTTP: httpx.NewClient(httpx.Options{DryRun: true, Out: &out})})
		res, err := c.Renew(t.Context(), bihu.RenewalRequest{LicenseNo: "京J97896"})
		var dry *bihu.DryRunError
		if res != nil || !errors.Is(err, httpx.ErrDryRun) || !errors.As(err, &dry) {
			t.Fatalf("cached=%v: %v %v", cached, res, err)
		}
		sr := dry.Request
		if sr.Params[bihu.ParamToken] != token || sr.SecCode == "" {
			t.Fatalf("cached=%v: %+v", cached, sr.Params)
		}
		if _, want := bihu.RenewalSecCode(sr.Params, sandbox.TestSecretKey, false); want != sr.SecCode {
			t.Fatalf("SecCode %s, want %s", sr.SecCode, want)
		}
		text := out.String()
		if strings.Contains(text, "unite/login") == cached || !strings.Contains(text, "unite/unitecheckrenewal") ||
			strings.Contains(text, sr.SecCode) || strings.Contains(text, sandbox.TestSecretKey) || strings.Contains(text, token) {
			t.Fatalf("cached=%v: printed\n%s", cached, text)
		}
	}
}
