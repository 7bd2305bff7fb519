package token

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/paoding"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdToken(e.F)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestGetFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *get.Options
	cmd := get.NewCmdGet(e.F, func(o *get.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--provider", "paoding"})
	if err := cmd.Execute(); err != nil || got.Provider != "paoding" || got.Refresh {
		t.Fatalf("%+v %v", got, err)
	}
	cmd = get.NewCmdGet(e.F, func(*get.Options) error { return nil })
	cmd.SetArgs([]string{"--provider", "nope"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("unknown provider: %v", err)
	}
}

func TestTokenLifecycleInAPipeNeverShowsSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Verbose = true
	if err := run(e, "get"); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
		t.Fatalf("not JSON: %q", e.Out.String())
	}
	if v["token"] != "********" || v["valid"] != true || v["expires_in"] != "2h0m0s" {
		t.Fatalf("view %v", v)
	}
	tok, _ := e.Store.TokenCache("sandbox", "paoding").Load(t.Context())
	if tok == nil || len(tok.Value) != 32 {
		t.Fatalf("cached token %+v", tok)
	}
	everything := e.Out.String() + e.ErrOut.String()
	for _, secret := range []string{tok.Value, tok.RefreshToken, paodingsb.TestPassword, paoding.PasswordDigest(paodingsb.TestPassword), paoding.Sign(paodingsb.TestUsername, paodingsb.TestPassword)} {
		if strings.Contains(everything, secret) {
			t.Fatalf("a secret reached the output: %q", everything)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "> POST") || !strings.Contains(e.ErrOut.String(), "Api-4s-Version") {
		t.Fatalf("no wire log on stderr: %q", e.ErrOut.String())
	}

	e.Reset()
	e.F.Globals.Verbose = false
	if err := run(e, "refresh"); err != nil {
		t.Fatal(err)
	}
	if got := e.ReceivedPaths(); len(got) != 1 || !strings.HasSuffix(got[0], "/4s/token/refresh") {
		t.Fatalf("refresh sent %v", got)
	}

	e.Reset()
	if err := run(e, "show"); err != nil || len(e.Received()) != 0 {
		t.Fatalf("show: %v, sent %v", err, e.ReceivedPaths())
	}
	e.Reset()
	if err := run(e, "clear"); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "show"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "no cached") {
		t.Fatalf("show after clear: %v", err)
	}
}

func TestShowOnTerminalWithShowSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "get"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "expires:") || !strings.Contains(e.ErrOut.String(), "--show-secrets") {
		t.Fatalf("out %q err %q", e.Out.String(), e.ErrOut.String())
	}
	e.Reset()
	e.F.Globals.ShowSecrets = true
	if err := run(e, "show"); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.Store.TokenCache("sandbox", "paoding").Load(t.Context())
	if !strings.Contains(e.Out.String(), tok.Value) {
		t.Fatal("--show-secrets did not reveal the token")
	}
}

func TestWrongPasswordIsAnAuthError(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_PAODING_PASSWORD", "wrong-password")
	err := run(e, "get")
	if cmdutil.ExitCode(err) != 3 || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"10020"`) {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Fatal("the password is in the error")
	}
}

// Another holder (here: another request of this process, as a batch's
// line is; another process is pkg/store's TestWaiterGivesUp...) holds the
// paoding token lock. The command waits at most --timeout, says once on
// stderr why it waits, and ends with exit 5 naming the holder.
func TestTokenLockWaitHonoursTimeoutAndSaysWhy(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	held := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	go func() {
		_ = e.Store.TokenCache("sandbox", "paoding").Lock(context.Background(), func() error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	e.F.Globals.Timeout = 2 * time.Second
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- run(e, "get") }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("token get still waiting for the lock 30s later with --timeout 2s")
	}
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("gave up after %s", waited)
	}
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	want := fmt.Sprintf("waiting for another request of this insure process (pid %d) refreshing the paoding token...", os.Getpid())
	if n := strings.Count(e.ErrOut.String(), want); n != 1 {
		t.Fatalf("stderr has the notice %d times: %q", n, e.ErrOut.String())
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v while another process held the lock", e.ReceivedPaths())
	}
}
