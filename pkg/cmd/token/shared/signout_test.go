package shared_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// `token clear --provider bihu` ends the session on Bihu and says what Bihu
// answered; the session is gone on the sandbox and from the cache.
func TestBihuClearSignsOut(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "get", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	cache := e.Store.TokenCache(config.SandboxProfile, "bihu")
	tok, _ := cache.Load(t.Context())
	e.Reset()
	if err := run(e, "clear", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "Bihu accepted the sign-out") || !strings.Contains(e.ErrOut.String(), "Cleared the cached bihu token") {
		t.Fatalf("stderr %q", e.ErrOut.String())
	}
	open, err := bihusb.SessionOpen(t.Context(), e.Sandbox.State(), tok.Value)
	if err != nil {
		t.Fatal(err)
	}
	if open {
		t.Fatal("the session is still open on the sandbox")
	}
	if got, _ := cache.Load(t.Context()); got != nil {
		t.Fatal("the token is still cached")
	}
	// Nothing cached: nothing is sent, and that is said.
	e.Reset()
	if err := run(e, "clear", "--provider", "bihu"); err != nil || len(e.Received()) != 0 || !strings.Contains(e.ErrOut.String(), "nothing was sent") {
		t.Fatalf("second clear: %v, sent %v, %q", err, e.ReceivedPaths(), e.ErrOut.String())
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), tok.Value) {
		t.Fatal("the token reached the output")
	}
}

// Bihu unreachable: the local token is forgotten anyway, and stderr says
// the sign-out did not happen.
func TestBihuClearWhenUnreachableStillForgets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "bihu:/unite/SignOut=drop"})
	if err := run(e, "get", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	cache := e.Store.TokenCache(config.SandboxProfile, "bihu")
	tok, _ := cache.Load(t.Context())
	e.Reset()
	if err := run(e, "clear", "--provider", "bihu"); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got, _ := cache.Load(t.Context()); got != nil {
		t.Fatal("the token is still cached")
	}
	if !strings.Contains(e.ErrOut.String(), "Could not reach bihu to sign out") || strings.Contains(e.ErrOut.String(), "accepted") {
		t.Fatalf("stderr %q", e.ErrOut.String())
	}
	if strings.Contains(e.ErrOut.String(), tok.Value) {
		t.Fatal("the token reached stderr")
	}
}

// Bihu refuses the sign-out (406, its signature check): the local token is
// forgotten, and the refusal is the exit code.
func TestBihuClearRefusedIsItsExitCode(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "bihu:/unite/SignOut=status:406"})
	if err := run(e, "get", "--provider", "bihu"); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	err := run(e, "clear", "--provider", "bihu")
	if cmdutil.ExitCode(err) != 3 || !strings.Contains(err.Error(), "406") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context()); got != nil {
		t.Fatal("the token is still cached")
	}
	if !strings.Contains(e.ErrOut.String(), "Cleared the cached bihu token") {
		t.Fatalf("stderr %q", e.ErrOut.String())
	}
}
