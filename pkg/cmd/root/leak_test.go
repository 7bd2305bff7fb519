package root

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// Bihu's sign-out carries the token and its secCode in the query. When the
// server drops the connection, net/http quotes the URL in its error: what
// reaches stderr and the JSON error document must not carry either.
func TestDroppedSignOutShowsNoTokenOrSecCode(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "bihu:/unite/SignOut=drop"})
			if code := runMain(e, "token", "get", "--provider", "bihu"); code != 0 {
				t.Fatalf("login: exit %d %s", code, e.ErrOut.String())
			}
			tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
			if tok == nil || tok.Value == "" {
				t.Fatal("no cached token")
			}
			c, err := e.F.Client("bihu")
			if err != nil {
				t.Fatal(err)
			}
			secCode := c.(*bihu.Client).BuildSignOut(tok.Value).SecCode
			e.Reset()
			code := runMain(e, "api", "bihu", "signout", "-o", "json")
			if code != 5 {
				t.Fatalf("exit %d, stderr %q", code, e.ErrOut.String())
			}
			if !strings.Contains(strings.Join(e.ReceivedPaths(), " "), "SignOut") {
				t.Fatalf("sign-out not sent: %v", e.ReceivedPaths())
			}
			shown := e.Out.String() + e.ErrOut.String()
			if !strings.Contains(e.Out.String(), `"exit_code":5`) || !strings.Contains(e.ErrOut.String(), "signout") {
				t.Fatalf("no error shown: %q", shown)
			}
			for name, s := range map[string]string{"token": tok.Value, "secCode": secCode, "secret key": bihusb.TestSecretKey} {
				if strings.Contains(shown, s) {
					t.Errorf("the %s reached the output", name)
				}
			}
			if strings.Contains(shown, "token=") || strings.Contains(shown, "secCode=") {
				t.Errorf("the query reached the output")
			}
		})
	}
}

// eBao's URL carries accessKey and signature: a dropped quotation shows
// neither, on stderr or in the JSON error.
func TestDroppedEbaoQuoteShowsNoSignature(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "ebao=drop"})
		code := runMain(e, "quote", "--provider", "ebao", "-f", "../../../examples/ebao/quote.json", "-o", "json", "--timeout", "3s")
		if code != 5 {
			t.Fatalf("tty=%v: exit %d, stderr %q", tty, code, e.ErrOut.String())
		}
		shown := e.Out.String() + e.ErrOut.String()
		if strings.Contains(shown, "signature=") || strings.Contains(shown, "accessKey=") || !strings.Contains(shown, "quotation") {
			t.Fatalf("tty=%v: %q", tty, shown)
		}
	}
}
