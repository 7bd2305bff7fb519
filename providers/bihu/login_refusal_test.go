package bihu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
)

// A login Bihu refused is not sent again by the same client for
// RefusedLoginMemory: the lookups sharing it (a batch) get the same
// refusal, saying it was not sent. After that a login is tried again, as
// the account may have been fixed on Bihu's side.
func TestRefusedLoginIsNotResentAtOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cfg := e.config()
	cfg.AgentID = "999" // not an agent the sandbox knows: 403
	c := bihu.New(cfg)
	for i := 0; i < 3; i++ {
		_, err := c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
		fe := failureOf(t, err, failure.Auth, "403")
		if i > 0 && !strings.Contains(fe.Message, "not sent again") {
			t.Errorf("lookup %d: message %q does not say the login was not sent", i, fe.Message)
		}
	}
	wantPaths(t, e, "POST /unite/login")
	e.clock.Add(bihu.RefusedLoginMemory)
	_, err := c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
	failureOf(t, err, failure.Auth, "403")
	wantPaths(t, e, "POST /unite/login", "POST /unite/login")
}
