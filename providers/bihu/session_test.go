package bihu_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// When the server ends the session under several lookups at once (a
// --batch with --concurrency), each of them is refused with 403. One new
// login serves them all: a login per refused lookup would open sessions
// that nothing uses or signs out.
func TestConcurrent403LogsInOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client()
	if _, err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sandbox.ForgetSessions(ctx, e.store); err != nil {
		t.Fatal(err)
	}
	// Hold every lookup until all have been refused, so they all see the
	// 403 of the ended session before any of them logs in again.
	const n = 6
	var refused sync.WaitGroup
	refused.Add(n)
	var mu sync.Mutex
	stale, _ := e.tokens.Load(ctx)
	held := 0
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		mu.Lock()
		hold := r.Path == "/unite/unitecheckrenewal" && r.Body["Token"] == stale.Value && held < n
		if hold {
			held++
		}
		mu.Unlock()
		if hold {
			refused.Done()
			refused.Wait()
		}
		return false
	})
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = c.Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	logins := 0
	for _, p := range e.paths() {
		if p == "POST /unite/login" {
			logins++
		}
	}
	if logins != 2 {
		t.Errorf("%d logins, want 2 (the first and one after the session ended)", logins)
	}
}

// A refused sign-out's hint is read after `insure token clear`, which
// forgets the token whatever Bihu answered, as well as after `insure api
// bihu signout`, which keeps it: it must not say the token is still cached.
func TestSignOut406HintClaimsNoCache(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.client().Login(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.SecretKey = "not-the-secret"
	fe := failureOf(t, bihu.New(cfg).SignOut(ctx), failure.Auth, "406", "not-the-secret")
	if strings.Contains(fe.Hint, "still cached") || !strings.Contains(fe.Hint, "insure sign bihu signout --token") {
		t.Errorf("hint %q", fe.Hint)
	}
}
