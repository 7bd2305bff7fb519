package issue

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// The document's issuance answer has status EFFECTIVE. A policy number
// with another status is printed as issued (it is), with a warning that
// it may not be in force; it used to pass as any other issuance.
func TestIssuedWithAnotherStatusWarns(t *testing.T) {
	for _, tty := range []bool{false, true} {
		body := `{"policyNumber":"P2701160000000009","status":"PENDING"}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(body), ebaosb.TestSecretKey))
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
			"endpoint": srv.URL, "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
		e.F.Globals.Profile, e.F.Globals.Yes = "staging", true
		if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2701160000000001"); err != nil {
			t.Fatalf("tty %v: %v", tty, err)
		}
		if !strings.Contains(e.Out.String(), "P2701160000000009") {
			t.Errorf("tty %v: the policy is not printed:\n%s", tty, e.Out)
		}
		if !strings.Contains(e.ErrOut.String(), `status "PENDING", not EFFECTIVE`) {
			t.Errorf("tty %v: no warning on stderr:\n%s", tty, e.ErrOut)
		}
	}
}
