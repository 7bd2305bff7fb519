package show

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
)

// now is the clock of every Env here: show computes "expires in" from it.
var now = time.Date(2026, 3, 14, 2, 0, 0, 0, time.UTC)

// Stand-ins for a cached login; show must never print them unasked.
var (
	tokenValue   = strings.Repeat("5f", 16)
	refreshValue = strings.Repeat("a7", 16)
)

func newEnv(t *testing.T, tty bool) *cmdtest.Env {
	t.Helper()
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	return cmdtest.New(t, cmdtest.Options{TTY: tty, Now: func() time.Time { return now }})
}

// cache stores a token as a login 30 minutes before now would have, valid
// for lifetime from then.
func cache(t *testing.T, e *cmdtest.Env, profile, provider string, lifetime time.Duration) {
	t.Helper()
	issued := now.Add(-30 * time.Minute)
	tok := &tokencache.Token{Value: tokenValue, IssuedAt: issued, ExpiresAt: issued.Add(lifetime)}
	if provider == "paoding" {
		tok.RefreshToken = refreshValue
	}
	if err := e.Store.TokenCache(profile, provider).Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
}

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdShow(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// shown is everything the command printed, with the stand-in secrets
// replaced, so a failure message can print it.
func shown(e *cmdtest.Env) string {
	return strings.NewReplacer(tokenValue, "<token>", refreshValue, "<refresh token>").Replace(e.Out.String() + e.ErrOut.String())
}

func leaked(e *cmdtest.Env) bool {
	all := e.Out.String() + e.ErrOut.String()
	return strings.Contains(all, tokenValue) || strings.Contains(all, refreshValue)
}

func TestNewCmdShowFlags(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		showSecrets bool
		provider    string
	}{
		{nil, false, "paoding"},
		{[]string{"--provider", "bihu"}, true, "bihu"},
		{[]string{"--provider", "Bihu"}, false, "bihu"},
	} {
		e := newEnv(t, false)
		e.F.Globals.ShowSecrets = tc.showSecrets
		var got *Options
		cmd := NewCmdShow(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got.Provider != tc.provider || got.ShowSecrets != tc.showSecrets {
			t.Errorf("%q: provider %q show-secrets %v", tc.args, got.Provider, got.ShowSecrets)
		}
	}

	e := newEnv(t, false)
	cache(t, e, config.SandboxProfile, "paoding", 2*time.Hour)
	for _, tc := range []struct {
		args []string
		says []string
	}{
		{[]string{"--provider", "ebao"}, []string{"--provider", `"ebao"`, "paoding, bihu"}},
		{[]string{"--provider", "vin-report"}, []string{`"vin-report"`, "paoding, bihu"}},
		{[]string{"paoding"}, []string{"takes no arguments", `"paoding"`, "--help"}},
	} {
		e.Reset()
		err := run(e, tc.args...)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
			t.Errorf("%q: exit %d: %v", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(fe.Message+" "+fe.Hint, s) {
				t.Errorf("%q: %q (hint %q) does not say %s", tc.args, fe.Message, fe.Hint, s)
			}
		}
		if e.Out.Len() != 0 || len(e.Received()) != 0 {
			t.Errorf("%q: stdout %q, sent %v", tc.args, shown(e), e.ReceivedPaths())
		}
	}
}

// show reads the local store only, and prints the token masked: a JSON
// document alone on stdout in a pipe, a table plus a one-line hint on a
// terminal.
func TestShowPrintsTheCachedTokenMaskedWithoutSending(t *testing.T) {
	for _, provider := range []string{"paoding", "bihu"} {
		for _, tty := range []bool{false, true} {
			e := newEnv(t, tty)
			cache(t, e, config.SandboxProfile, provider, 2*time.Hour)
			if err := run(e, "--provider", provider); err != nil {
				t.Fatalf("%s tty=%v: %v", provider, tty, err)
			}
			if leaked(e) {
				t.Fatalf("%s tty=%v: a secret reached the output", provider, tty)
			}
			if len(e.Received()) != 0 {
				t.Errorf("%s tty=%v: sent %v", provider, tty, e.ReceivedPaths())
			}
			if !tty {
				var got map[string]any
				if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
					t.Fatalf("%s: stdout is not JSON: %s", provider, shown(e))
				}
				want := map[string]any{"provider": provider, "profile": "sandbox", "token": "********",
					"issued_at": "2026-03-14T01:30:00Z", "expires_at": "2026-03-14T03:30:00Z", "expires_in": "1h30m0s", "valid": true}
				if provider == "paoding" {
					want["refresh_token"] = "********"
				}
				if len(got) != len(want) {
					t.Errorf("%s: JSON %v, want %v", provider, got, want)
				}
				for k, w := range want {
					if got[k] != w {
						t.Errorf("%s: %s = %v, want %v", provider, k, got[k], w)
					}
				}
				if e.ErrOut.Len() != 0 {
					t.Errorf("%s: stderr in a pipe: %s", provider, shown(e))
				}
				continue
			}
			out := e.Out.String()
			for _, s := range []string{"provider:", provider, "token:", "********", "2026-03-14 09:30:00 +08:00", "2026-03-14 11:30:00 +08:00 (in 1h30m0s)"} {
				if !strings.Contains(out, s) {
					t.Errorf("%s: the table has no %q:\n%s", provider, s, shown(e))
				}
			}
			if strings.Contains(out, "refresh token:") != (provider == "paoding") {
				t.Errorf("%s: refresh token row:\n%s", provider, shown(e))
			}
			if !strings.Contains(e.ErrOut.String(), "add --show-secrets to print them") {
				t.Errorf("%s: no hint on stderr: %s", provider, shown(e))
			}
		}
	}
}

// An expired token is still shown (exit 0), marked as expired.
func TestShowOfAnExpiredTokenSaysSo(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := newEnv(t, tty)
		cache(t, e, config.SandboxProfile, "paoding", 10*time.Minute)
		if err := run(e); err != nil {
			t.Fatalf("tty=%v: %v", tty, err)
		}
		if leaked(e) {
			t.Fatalf("tty=%v: a secret reached the output", tty)
		}
		if tty {
			if !strings.Contains(e.Out.String(), "2026-03-14 09:40:00 +08:00 (expired)") || strings.Contains(e.Out.String(), "(in ") {
				t.Errorf("table:\n%s", shown(e))
			}
			continue
		}
		var v struct {
			Valid     bool   `json:"valid"`
			ExpiresIn string `json:"expires_in"`
		}
		if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v.Valid || v.ExpiresIn != "expired" {
			t.Errorf("JSON %+v (%v)", v, err)
		}
	}
}

// Nothing cached is a usage error (exit 2) naming the provider and the
// profile, with the command that obtains one; stdout stays empty.
func TestShowWithNothingCachedNamesTheCommandThatGetsOne(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := newEnv(t, tty)
		// A token of another provider or profile is not the one asked for.
		cache(t, e, config.SandboxProfile, "paoding", 2*time.Hour)
		cache(t, e, "other", "bihu", 2*time.Hour)
		err := run(e, "--provider", "bihu")
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
			t.Fatalf("tty=%v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if fe.Message != "no cached bihu token for profile sandbox" || fe.Hint != "obtain one with `insure token get --provider bihu`" {
			t.Errorf("tty=%v: %q (hint %q)", tty, fe.Message, fe.Hint)
		}
		if e.Out.Len() != 0 || len(e.Received()) != 0 {
			t.Errorf("tty=%v: stdout %q, sent %v", tty, shown(e), e.ReceivedPaths())
		}
	}
}

// Profile and provider names are case-insensitive everywhere else, and
// `token get` caches under the lower-case names: -p SANDBOX --provider
// PAODING must show that token, named as the registry spells it.
func TestShowFindsTheTokenWhateverTheCaseOfProviderAndProfile(t *testing.T) {
	e := newEnv(t, false)
	cache(t, e, config.SandboxProfile, "paoding", 2*time.Hour)
	e.F.Globals.Profile = "SANDBOX"
	if err := run(e, "--provider", "PAODING"); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var v map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v["provider"] != "paoding" || v["profile"] != "sandbox" {
		t.Errorf("%s (%v)", shown(e), err)
	}
}

// --show-secrets is how a script reads the token itself: the JSON carries
// both values and stderr stays quiet.
func TestShowWithShowSecretsGivesAScriptTheToken(t *testing.T) {
	e := newEnv(t, false)
	cache(t, e, config.SandboxProfile, "paoding", 2*time.Hour)
	e.F.Globals.ShowSecrets = true
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Token        string `json:"token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || v.Token != tokenValue || v.RefreshToken != refreshValue {
		t.Errorf("the JSON does not carry the cached values: %s (%v)", shown(e), err)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr: %s", shown(e))
	}
}

// A misspelt -p is not "no cached token": the error names the profile and
// the ones there are (exit 2), and a file that is not YAML stops show
// like every other command.
func TestShowOfAnUnknownProfileNamesIt(t *testing.T) {
	e := newEnv(t, false)
	cache(t, e, "prod", "paoding", 2*time.Hour) // a token left by a profile since removed
	e.F.Globals.Profile = "prod"
	err := run(e)
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if msg := err.Error(); !strings.Contains(msg, `no profile named "prod"`) || !strings.Contains(msg, "known: sandbox") {
		t.Errorf("error: %s", msg)
	}
	if strings.Contains(shown(e), "<token>") || e.Out.Len() != 0 {
		t.Errorf("printed: %s", shown(e))
	}
}

func TestShowRefusesAConfigFileThatIsNotYAML(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("profiles: {test: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, false)
	f := factory.NewWith("test", factory.Options{Context: t.Context(), IOStreams: e.F.IOStreams, ConfigPath: path, StateDir: dir, Keyring: cmdtest.MapKeyring{}})
	f.Globals.Profile = config.SandboxProfile
	cmd := NewCmdShow(f, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(nil)
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "is not valid YAML") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A Paoding token names the user name it was issued to, and only that
// user name's commands use it: show says whose it is, so a token shown
// as valid is not taken for one another user name's commands will use.
func TestShowSaysWhoseTokenItIs(t *testing.T) {
	e := newEnv(t, false)
	tok := &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour),
		Extra: map[string]string{tokencache.ExtraUser: "sandbox-4s"}}
	if err := e.Store.TokenCache(config.SandboxProfile, "paoding").Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--provider", "paoding"); err != nil {
		t.Fatal(err)
	}
	var got struct{ User string }
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil || got.User != "sandbox-4s" {
		t.Fatalf("%s", e.Out)
	}
}
