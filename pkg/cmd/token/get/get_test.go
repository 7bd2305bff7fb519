package get

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/token/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	"github.com/insurekit/insure/providers/paoding"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// credentials are the sandbox profile's secrets: no output may hold them.
var credentials = []string{paodingsb.TestPassword, paoding.PasswordDigest(paodingsb.TestPassword),
	paoding.Sign(paodingsb.TestUsername, paodingsb.TestPassword), bihusb.TestSecretKey}

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

// redact replaces each secret in s, for failure messages.
func redact(s string, secrets ...string) string {
	for _, x := range secrets {
		if x != "" {
			s = strings.ReplaceAll(s, x, "<redacted>")
		}
	}
	return s
}

func loginPath(provider string) string {
	if provider == "bihu" {
		return "POST /bihu/unite/login"
	}
	return "POST /paoding/4s/token/generate"
}

func TestNewCmdGetFlags(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		showSecrets bool
		provider    string
	}{
		{nil, false, "paoding"}, // the first token provider is the default
		{[]string{"--provider", "bihu"}, false, "bihu"},
		// Provider names ignore case; the store keys tokens by the
		// registry's spelling, so the options carry that.
		{[]string{"--provider", "BIHU"}, false, "bihu"},
		{[]string{"--provider", "Paoding"}, true, "paoding"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.ShowSecrets = tc.showSecrets
		var got *Options
		cmd := NewCmdGet(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got.Provider != tc.provider || got.ShowSecrets != tc.showSecrets || got.Refresh {
			t.Errorf("%q: provider %q show-secrets %v refresh %v", tc.args, got.Provider, got.ShowSecrets, got.Refresh)
		}
	}
}

// Every bad invocation is a usage error naming what is wrong and how to
// get it right, before anything is sent or cached.
func TestGetWithBadArgumentsIsUsageAndSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, tc := range []struct {
		args []string
		says []string
	}{
		// ebao and sunshine sign each request: they have no token.
		{[]string{"--provider", "ebao"}, []string{"--provider", `"ebao"`, "paoding, bihu"}},
		{[]string{"--provider", "sunshine"}, []string{`"sunshine"`, "paoding, bihu"}},
		{[]string{"--provider", "nope"}, []string{`"nope"`, "paoding, bihu"}},
		{[]string{"--provider", ""}, []string{"--provider", "paoding, bihu"}},
		{[]string{"now"}, []string{"takes no arguments", `"now"`, "--help"}},
		{[]string{"--provider", "bihu", "again"}, []string{`"again"`, "--help"}},
	} {
		e.Reset()
		reached := false
		cmd := NewCmdGet(e.F, func(*Options) error { reached = true; return nil })
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(tc.args)
		err := cmd.Execute()
		if code := cmdutil.ExitCode(err); code != failure.ExitUsage || reached {
			t.Errorf("%q: exit %d, ran %v: %v", tc.args, code, reached, err)
			continue
		}
		var fe *failure.Error
		if !errors.As(err, &fe) {
			t.Fatalf("%q: %T is not a failure", tc.args, err)
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
	for _, p := range []string{"paoding", "bihu"} {
		if tok, _ := e.Store.TokenCache(config.SandboxProfile, p).Load(t.Context()); tok != nil {
			t.Errorf("bad arguments cached a %s token", p)
		}
	}
}

// One login per get, its token cached, and shown masked: JSON alone on
// stdout in a pipe, a table and a hint about --show-secrets on a terminal.
func TestGetLogsInOnceAndShowsTheTokenMasked(t *testing.T) {
	for _, provider := range []string{"paoding", "bihu"} {
		for _, tty := range []bool{false, true} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			if err := run(e, "--provider", provider); err != nil {
				t.Fatalf("%s tty=%v: exit %d", provider, tty, cmdutil.ExitCode(err))
			}
			if got := e.ReceivedPaths(); len(got) != 1 || got[0] != loginPath(provider) {
				t.Errorf("%s tty=%v: sent %v", provider, tty, got)
			}
			tok, err := e.Store.TokenCache(config.SandboxProfile, provider).Load(t.Context())
			if err != nil || tok == nil || len(tok.Value) != 32 {
				t.Fatalf("%s tty=%v: nothing usable cached (%v)", provider, tty, err)
			}
			// Only paoding hands out a refresh token.
			if hasRefresh := tok.RefreshToken != ""; hasRefresh != (provider == "paoding") {
				t.Errorf("%s tty=%v: refresh token cached: %v", provider, tty, hasRefresh)
			}
			out, errOut := e.Out.String(), e.ErrOut.String()
			if at := leaks(out+errOut, append([]string{tok.Value, tok.RefreshToken}, credentials...)...); len(at) > 0 {
				t.Fatalf("%s tty=%v: secrets %v reached the output", provider, tty, at)
			}
			if !tty {
				var v map[string]any
				if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
					t.Fatalf("%s: stdout is not JSON (%d bytes)", provider, len(out))
				}
				want := map[string]any{"provider": provider, "profile": "sandbox", "token": "********", "valid": true, "expires_in": "2h0m0s"}
				for k, w := range want {
					if v[k] != w {
						t.Errorf("%s: %s = %v, want %v", provider, k, v[k], w)
					}
				}
				if _, ok := v["refresh_token"]; ok != (provider == "paoding") {
					t.Errorf("%s: refresh_token present: %v", provider, ok)
				}
				if errOut != "" {
					t.Errorf("%s: stderr in a pipe: %q", provider, redact(errOut, tok.Value, tok.RefreshToken))
				}
				continue
			}
			for _, line := range []string{"provider:", provider, "profile:", "sandbox", "token:", "********", "(in 2h0m0s)"} {
				if !strings.Contains(out, line) {
					t.Errorf("%s: the table has no %q:\n%s", provider, line, redact(out, tok.Value, tok.RefreshToken))
				}
			}
			if strings.Contains(out, "(single use)") != (provider == "paoding") {
				t.Errorf("%s: refresh token row:\n%s", provider, redact(out, tok.Value, tok.RefreshToken))
			}
			if !strings.Contains(errOut, "add --show-secrets to print them") {
				t.Errorf("%s: no hint on stderr: %q", provider, redact(errOut, tok.Value, tok.RefreshToken))
			}
		}
	}
}

// --show-secrets prints the token just obtained, on a terminal and to a
// script (docs/configuration.md), without the masking hint; the password
// stays hidden all the same.
func TestGetWithShowSecretsPrintsTheCachedToken(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.ShowSecrets = true
		if err := run(e); err != nil {
			t.Fatalf("tty=%v: exit %d", tty, cmdutil.ExitCode(err))
		}
		tok, _ := e.Store.TokenCache(config.SandboxProfile, "paoding").Load(t.Context())
		if tok == nil {
			t.Fatalf("tty=%v: nothing cached", tty)
		}
		if at := leaks(e.Out.String(), tok.Value, tok.RefreshToken); len(at) != 2 {
			t.Errorf("tty=%v: stdout shows only secrets %v of the token and refresh token", tty, at)
		}
		if strings.Contains(e.ErrOut.String(), "masked") {
			t.Errorf("tty=%v: stderr says masked: %q", tty, redact(e.ErrOut.String(), tok.Value, tok.RefreshToken))
		}
		if at := leaks(e.Out.String()+e.ErrOut.String(), credentials...); len(at) > 0 {
			t.Errorf("tty=%v: credentials %v reached the output", tty, at)
		}
		if !tty {
			var v shared.View
			if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v.Token != tok.Value || v.RefreshToken != tok.RefreshToken {
				t.Errorf("the JSON does not carry the cached token and refresh token (%v)", err)
			}
		}
	}
}

// --dry-run shows the login request, secrets masked, and neither sends it
// nor caches anything.
func TestGetDryRunSendsNothingAndCachesNothing(t *testing.T) {
	for _, provider := range []string{"paoding", "bihu"} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.DryRun = true
		err := run(e, "--provider", provider)
		if !errors.Is(err, httpx.ErrDryRun) || cmdutil.ExitCode(err) != failure.ExitOK {
			t.Fatalf("%s: exit %d: %s", provider, cmdutil.ExitCode(err), redact(fmt.Sprint(err), credentials...))
		}
		if len(e.Received()) != 0 {
			t.Errorf("%s: sent %v", provider, e.ReceivedPaths())
		}
		if !strings.Contains(e.Out.String(), strings.TrimPrefix(loginPath(provider), "POST ")) {
			t.Errorf("%s: stdout does not show the login:\n%s", provider, redact(e.Out.String(), credentials...))
		}
		if at := leaks(e.Out.String()+e.ErrOut.String(), credentials...); len(at) > 0 {
			t.Errorf("%s: credentials %v reached the output", provider, at)
		}
		if tok, _ := e.Store.TokenCache(config.SandboxProfile, provider).Load(t.Context()); tok != nil {
			t.Errorf("%s: a dry run cached a token", provider)
		}
	}
}

// A refused login is an auth error (exit 3) that leaves nothing cached and
// keeps the secret key out of the message.
func TestGetWithAWrongBihuSecretKeyIsAnAuthErrorAndCachesNothing(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		t.Setenv("INSURE_BIHU_SECRET_KEY", "wrong-secret-key")
		err := run(e, "--provider", "bihu")
		if cmdutil.ExitCode(err) != failure.ExitAuth {
			t.Fatalf("tty=%v: exit %d: %s", tty, cmdutil.ExitCode(err), redact(fmt.Sprint(err), "wrong-secret-key"))
		}
		if got := e.ReceivedPaths(); len(got) != 1 || got[0] != loginPath("bihu") {
			t.Errorf("tty=%v: sent %v", tty, got)
		}
		everything := err.Error() + string(cmdutil.ErrorJSON(err)) + e.Out.String() + e.ErrOut.String()
		if at := leaks(everything, "wrong-secret-key", bihusb.TestSecretKey); len(at) > 0 {
			t.Errorf("tty=%v: secret keys %v reached the error or the output", tty, at)
		}
		if e.Out.Len() != 0 {
			t.Errorf("tty=%v: stdout has %d bytes", tty, e.Out.Len())
		}
		if tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context()); tok != nil {
			t.Errorf("tty=%v: a refused login cached a token", tty)
		}
	}
}
