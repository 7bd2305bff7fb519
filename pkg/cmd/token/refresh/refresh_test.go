package refresh

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdRefresh(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// login caches a fresh token the way a user would, with `token get`.
func login(t *testing.T, e *cmdtest.Env, provider string) *tokencache.Token {
	t.Helper()
	cmd := get.NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--provider", provider})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("token get --provider %s: exit %d", provider, cmdutil.ExitCode(err))
	}
	tok, err := e.Store.TokenCache(config.SandboxProfile, provider).Load(t.Context())
	if err != nil || tok == nil {
		t.Fatalf("token get cached nothing (%v)", err)
	}
	e.Reset()
	return tok
}

// leaks says which of secrets (by position) out holds, so a failure
// message never prints a secret itself.
func leaks(out string, secrets ...string) []int {
	var at []int
	for i, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			at = append(at, i)
		}
	}
	return at
}

func TestNewCmdRefreshFlags(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		showSecrets bool
		provider    string
	}{
		{nil, false, "paoding"},
		{[]string{"--provider", "bihu"}, true, "bihu"},
		{[]string{"--provider", "PAODING"}, false, "paoding"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.ShowSecrets = tc.showSecrets
		var got *get.Options
		cmd := NewCmdRefresh(e.F, func(o *get.Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		// Refresh is what makes the shared Run spend the refresh token
		// instead of logging in.
		if got.Provider != tc.provider || got.ShowSecrets != tc.showSecrets || !got.Refresh {
			t.Errorf("%q: provider %q show-secrets %v refresh %v", tc.args, got.Provider, got.ShowSecrets, got.Refresh)
		}
	}
}

// Bad invocations are usage errors that leave the cached token as it was:
// a refresh token is single-use, so sending anything would spend it.
func TestRefreshWithBadArgumentsIsUsageAndSpendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	before := login(t, e, "paoding")
	for _, tc := range []struct {
		args []string
		says []string
	}{
		{[]string{"--provider", "ebao"}, []string{"--provider", `"ebao"`, "paoding, bihu"}},
		{[]string{"--provider", "sunshine"}, []string{`"sunshine"`, "paoding, bihu"}},
		{[]string{"--provider", "paoding", "now"}, []string{"takes no arguments", `"now"`, "--help"}},
	} {
		reached := false
		cmd := NewCmdRefresh(e.F, func(*get.Options) error { reached = true; return nil })
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(tc.args)
		err := cmd.Execute()
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || reached || !errors.As(err, &fe) {
			t.Errorf("%q: exit %d, ran %v: %v", tc.args, cmdutil.ExitCode(err), reached, err)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(fe.Message+" "+fe.Hint, s) {
				t.Errorf("%q: %q (hint %q) does not say %s", tc.args, fe.Message, fe.Hint, s)
			}
		}
	}
	if len(e.Received()) != 0 {
		t.Errorf("bad arguments sent %v", e.ReceivedPaths())
	}
	after, _ := e.Store.TokenCache(config.SandboxProfile, "paoding").Load(t.Context())
	if after == nil || after.Value != before.Value || after.RefreshToken != before.RefreshToken {
		t.Error("bad arguments changed the cached token")
	}
}

// Paoding spends its refresh token (one request, a new single-use refresh
// token cached); Bihu, which has none, logs in again. Either way the new
// token is shown masked: JSON in a pipe, a table on a terminal.
func TestRefreshReplacesTheCachedToken(t *testing.T) {
	for _, tc := range []struct {
		provider, sent string
	}{
		{"paoding", "POST /paoding/4s/token/refresh"},
		{"bihu", "POST /bihu/unite/login"},
	} {
		for _, tty := range []bool{false, true} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			before := login(t, e, tc.provider)
			if err := run(e, "--provider", tc.provider); err != nil {
				t.Fatalf("%s tty=%v: exit %d", tc.provider, tty, cmdutil.ExitCode(err))
			}
			if got := e.ReceivedPaths(); len(got) != 1 || got[0] != tc.sent {
				t.Errorf("%s tty=%v: sent %v, want %s", tc.provider, tty, got, tc.sent)
			}
			after, _ := e.Store.TokenCache(config.SandboxProfile, tc.provider).Load(t.Context())
			if after == nil {
				t.Fatalf("%s tty=%v: the cache is empty", tc.provider, tty)
			}
			switch tc.provider {
			case "paoding":
				if after.RefreshToken == "" || after.RefreshToken == before.RefreshToken {
					t.Errorf("tty=%v: the spent refresh token is still cached", tty)
				}
			case "bihu":
				if after.Value == before.Value {
					t.Errorf("tty=%v: the cache holds the old session", tty)
				}
			}
			out, errOut := e.Out.String(), e.ErrOut.String()
			secrets := []string{before.Value, before.RefreshToken, after.Value, after.RefreshToken, paodingsb.TestPassword, bihusb.TestSecretKey}
			if at := leaks(out+errOut, secrets...); len(at) > 0 {
				t.Fatalf("%s tty=%v: secrets %v reached the output", tc.provider, tty, at)
			}
			if tty {
				if !strings.Contains(out, "token:") || !strings.Contains(out, "********") || !strings.Contains(out, "(in 2h0m0s)") {
					t.Errorf("%s: table %q", tc.provider, out)
				}
				if !strings.Contains(errOut, "--show-secrets") {
					t.Errorf("%s: no hint on stderr: %q", tc.provider, errOut)
				}
				continue
			}
			var v map[string]any
			if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v["provider"] != tc.provider || v["token"] != "********" || v["valid"] != true {
				t.Errorf("%s: JSON %v (%v)", tc.provider, v, err)
			}
			if errOut != "" {
				t.Errorf("%s: stderr in a pipe: %q", tc.provider, errOut)
			}
		}
	}
}

// With nothing cached, Paoding has no refresh token to spend: nothing is
// sent, nothing cached, and the message points at `token get`.
func TestRefreshWithNothingCachedSendsNothingAndPointsAtGet(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "--provider", "paoding")
		var fe *failure.Error
		// Exit 2 as `token show` with nothing cached: nothing was sent, so
		// nothing was refused (it was exit 3, "authentication refused").
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
			t.Fatalf("tty=%v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if !strings.Contains(fe.Message, "no cached token") || !strings.Contains(fe.Hint, "insure token get") {
			t.Errorf("tty=%v: %q (hint %q)", tty, fe.Message, fe.Hint)
		}
		if len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Errorf("tty=%v: sent %v, stdout %d bytes", tty, e.ReceivedPaths(), e.Out.Len())
		}
		if tok, _ := e.Store.TokenCache(config.SandboxProfile, "paoding").Load(t.Context()); tok != nil {
			t.Errorf("tty=%v: a token was cached", tty)
		}
	}
}

// Bihu's refresh is a login, so with nothing cached it simply logs in.
func TestBihuRefreshWithNothingCachedLogsIn(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--provider", "bihu"); err != nil {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), fmt.Sprint(err))
	}
	if got := e.ReceivedPaths(); len(got) != 1 || got[0] != "POST /bihu/unite/login" {
		t.Errorf("sent %v", got)
	}
	if tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context()); tok == nil || leaks(e.Out.String(), tok.Value) != nil {
		t.Error("no token cached, or it reached stdout")
	}
}
