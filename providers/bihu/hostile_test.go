package bihu_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/httpx/httpxtest"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

const hostileToken = "BIHU-TOKEN-hostile-42"

// hostileClient points at base with a valid session already cached.
func hostileClient(base string, timeout time.Duration) *bihu.Client {
	now := time.Now()
	tc := &tokencache.Memory{}
	cfg := bihu.Config{BaseURL: base, AgentID: sandbox.TestAgentID, Username: sandbox.TestUsername, SecretKey: sandbox.TestSecretKey,
		HTTP: httpx.NewClient(httpx.Options{Timeout: timeout}), Tokens: tc}
	_ = tc.Save(context.Background(), &tokencache.Token{Value: hostileToken, IssuedAt: now, ExpiresAt: now.Add(time.Hour),
		Extra: map[string]string{"agentId": cfg.AgentID, "userName": cfg.Username, "endpoint": strings.TrimRight(base, "/")}})
	return bihu.New(cfg)
}

func kindOf(t *testing.T, err error, kind failure.Kind) *failure.Error {
	t.Helper()
	fe, ok := err.(*failure.Error)
	if !ok || fe.Kind != kind {
		t.Fatalf("want %s, got %v", kind, err)
	}
	if strings.Contains(fe.Error()+fe.Hint, hostileToken) || strings.Contains(fe.Error()+fe.Hint, sandbox.TestSecretKey) {
		t.Errorf("error shows a secret: %v", fe)
	}
	return fe
}

func TestHostileRedirect(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		from, to := httpxtest.Redirect(t, status)
		c := hostileClient(from.URL, 5*time.Second)
		_, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
		if fe := kindOf(t, err, failure.Network); !strings.Contains(fe.Message, to.URL+"/"+bihu.PathRenewal) {
			t.Errorf("renewal: %v", fe)
		}
		kindOf(t, c.SignOut(context.Background()), failure.Network) // a GET with the token in its query
		_, err = c.Login(context.Background())
		kindOf(t, err, failure.Network)
		if to.Hits() != 0 {
			t.Errorf("%d: the second host received %d requests", status, to.Hits())
		}
	}
}

func TestHostileHugeAnswer(t *testing.T) {
	srv := httpxtest.Huge(t, 256<<20, "application/json")
	_, err := hostileClient(srv.URL, 20*time.Second).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if fe := kindOf(t, err, failure.Verification); !strings.Contains(fe.Message, "larger than 1048576 bytes") || fe.Unknown {
		t.Errorf("%v", fe)
	}
}

func TestHostileSlowBody(t *testing.T) {
	srv := httpxtest.Trickle(t, 20*time.Millisecond)
	start := time.Now()
	_, err := hostileClient(srv.URL, 300*time.Millisecond).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if fe := kindOf(t, err, failure.Network); fe.ExitCode() != 5 || time.Since(start) > 2*time.Second {
		t.Errorf("after %s: %v", time.Since(start), fe)
	}
}
