package bihu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// A token cached for one endpoint is not sent to another when the profile
// has been pointed elsewhere since (or INSURE_BIHU_ENDPOINT overrides it):
// the other server did not issue it, so sending it there would hand a live
// session to it and end nothing. It is forgotten, and the result says so.
func TestSignOutDoesNotSendAnotherEndpointsToken(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.client().Login(ctx); err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":200,"msg":"成功"}`))
	}))
	defer other.Close()

	for name, edit := range map[string]func(*bihu.Config){
		"endpoint": func(c *bihu.Config) { c.BaseURL = other.URL },
		"agent":    func(c *bihu.Config) { c.BaseURL, c.AgentID = other.URL, "103" },
		"user":     func(c *bihu.Config) { c.BaseURL, c.Username = other.URL, "someone-else" },
	} {
		if _, err := e.client().Login(ctx); err != nil {
			t.Fatal(err)
		}
		cfg := e.config()
		edit(&cfg)
		res, err := bihu.New(cfg).EndSession(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res != bihu.OtherScope {
			t.Errorf("%s: result %v, want OtherScope", name, res)
		}
		if n := hits.Load(); n != 0 {
			t.Fatalf("%s: the token was sent to a server that did not issue it (%d requests)", name, n)
		}
		if cached, _ := e.tokens.Load(ctx); cached != nil {
			t.Errorf("%s: the token is still cached", name)
		}
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/login", "POST /unite/login", "POST /unite/login")
}
