package shared_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/token"
	"github.com/insurekit/insure/pkg/config"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := token.NewCmdToken(e.F)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// Bihu has no refresh token: get and refresh both log in, show reads the
// cache only, clear forgets it; the token never reaches the output.
func TestBihuTokenLifecycle(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seen := ""
	reset := func() { seen += e.Out.String() + e.ErrOut.String(); e.Reset() }
	if err := run(e, "get", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v["provider"] != "bihu" || v["token"] != "********" || v["expires_in"] != "2h0m0s" {
		t.Fatalf("view %v (%v)", v, err)
	}
	cache := e.Store.TokenCache(config.SandboxProfile, "bihu")
	first, _ := cache.Load(t.Context())
	if first == nil || len(first.Value) != 32 {
		t.Fatalf("cached %+v", first)
	}
	if p := e.ReceivedPaths(); len(p) != 1 || p[0] != "POST /bihu/unite/login" {
		t.Fatalf("get sent %v", p)
	}

	reset()
	if err := run(e, "refresh", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	second, _ := cache.Load(t.Context())
	if p := e.ReceivedPaths(); len(p) != 1 || p[0] != "POST /bihu/unite/login" || second.Value == first.Value {
		t.Fatalf("refresh sent %v; token changed: %v", p, second.Value != first.Value)
	}

	reset()
	if err := run(e, "show", "--provider", "bihu"); err != nil || len(e.Received()) != 0 || !strings.Contains(e.Out.String(), `"valid":true`) {
		t.Fatalf("show: %v, sent %v, %s", err, e.ReceivedPaths(), e.Out.String())
	}
	reset()
	// clear signs out on Bihu (agentId, token, secCode in a GET) first.
	if err := run(e, "clear", "--provider", "bihu"); err != nil {
		t.Fatalf("clear: %v", err)
	}
	if p := e.ReceivedPaths(); len(p) != 1 || p[0] != "GET /bihu/unite/SignOut" || !strings.Contains(e.ErrOut.String(), "Bihu accepted the sign-out") {
		t.Fatalf("clear sent %v, said %q", p, e.ErrOut.String())
	}
	if tok, _ := cache.Load(t.Context()); tok != nil {
		t.Fatal("clear left the token")
	}
	for _, s := range []string{first.Value, second.Value, bihusb.TestSecretKey} {
		if strings.Contains(seen+e.Out.String()+e.ErrOut.String(), s) {
			t.Fatal("a secret reached the output")
		}
	}
}
