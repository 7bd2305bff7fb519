package clear

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmd/token/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	"github.com/spf13/cobra"
)

func execute(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func run(e *cmdtest.Env, args ...string) error { return execute(e, NewCmdClear(e.F, nil), args...) }

// login caches a session the way a user would, with `token get`; for Bihu
// that opens a session on the sandbox for clear to end.
func login(t *testing.T, e *cmdtest.Env, provider string) *tokencache.Token {
	t.Helper()
	if err := execute(e, get.NewCmdGet(e.F, nil), "--provider", provider); err != nil {
		t.Fatalf("token get --provider %s: exit %d", provider, cmdutil.ExitCode(err))
	}
	e.Reset()
	return cached(t, e, config.SandboxProfile, provider)
}

func cached(t *testing.T, e *cmdtest.Env, profile, provider string) *tokencache.Token {
	t.Helper()
	tok, err := e.Store.TokenCache(profile, provider).Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// seed caches a token without a login, for commands that send nothing.
func seed(t *testing.T, e *cmdtest.Env, profile, provider string) *tokencache.Token {
	t.Helper()
	tok := &tokencache.Token{Value: strings.Repeat(provider[:1]+"9", 16), RefreshToken: strings.Repeat("r"+profile[:1], 16),
		IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := e.Store.TokenCache(profile, provider).Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
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

// redact replaces each secret in s, for failure messages.
func redact(s string, secrets ...string) string {
	for _, x := range secrets {
		if x != "" {
			s = strings.ReplaceAll(s, x, "<redacted>")
		}
	}
	return s
}

func TestNewCmdClearFlags(t *testing.T) {
	for _, tc := range []struct {
		args          []string
		dryRun, curl  bool
		provider      string
		wantDryRunOpt bool
	}{
		{nil, false, false, "paoding", false},
		{[]string{"--provider", "bihu"}, true, false, "bihu", true},
		{[]string{"--provider", "BiHu"}, false, true, "bihu", true}, // --curl sends nothing either
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.DryRun, e.F.Globals.Curl = tc.dryRun, tc.curl
		var got *Options
		if err := execute(e, NewCmdClear(e.F, func(o *Options) error { got = o; return nil }), tc.args...); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got.Provider != tc.provider || got.DryRun != tc.wantDryRunOpt || got.SignsOut(got.Provider) != (tc.provider == "bihu") {
			t.Errorf("%q: provider %q dry-run %v signs out %v", tc.args, got.Provider, got.DryRun, got.SignsOut(got.Provider))
		}
	}
}

// A bad invocation forgets nothing and sends nothing: the token cached
// before is still there after.
func TestClearWithBadArgumentsIsUsageAndForgetsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	before := seed(t, e, config.SandboxProfile, "paoding")
	for _, tc := range []struct {
		args []string
		says []string
	}{
		{[]string{"--provider", "ebao"}, []string{"--provider", `"ebao"`, "paoding, bihu"}},
		{[]string{"--provider", "sunshine"}, []string{`"sunshine"`, "paoding, bihu"}},
		{[]string{"--provider", "all"}, []string{`"all"`, "paoding, bihu"}},
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
		if strings.Contains(e.ErrOut.String(), "Cleared") {
			t.Errorf("%q: stderr says cleared: %q", tc.args, redact(e.ErrOut.String(), before.Value, before.RefreshToken))
		}
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %v", e.ReceivedPaths())
	}
	if after := cached(t, e, config.SandboxProfile, "paoding"); after == nil || after.Value != before.Value {
		t.Error("a bad invocation forgot the token")
	}
}

// Forgetting a token loses nothing that the next command cannot get back
// by itself, so clear asks nothing, on a terminal or in a pipe (no --yes).
// It says on stderr what it did, prints nothing on stdout, and afterwards
// `token show` finds no token. Bihu's session is ended first.
func TestClearForgetsTheTokenWithoutAsking(t *testing.T) {
	for _, tc := range []struct {
		provider string
		sent     []string
		says     []string
	}{
		{"paoding", nil, []string{"Cleared the cached paoding token of profile sandbox"}},
		{"bihu", []string{"GET /bihu/unite/SignOut"}, []string{"Bihu accepted the sign-out", "Cleared the cached bihu token of profile sandbox"}},
	} {
		for _, tty := range []bool{false, true} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			tok := login(t, e, tc.provider)
			if err := run(e, "--provider", tc.provider); err != nil {
				t.Fatalf("%s tty=%v: exit %d: %v", tc.provider, tty, cmdutil.ExitCode(err), err)
			}
			if at := leaks(e.Out.String()+e.ErrOut.String(), tok.Value, tok.RefreshToken, bihusb.TestSecretKey); len(at) > 0 {
				t.Fatalf("%s tty=%v: secrets %v reached the output", tc.provider, tty, at)
			}
			if len(e.Prompts.Asked) != 0 {
				t.Errorf("%s tty=%v: asked %q", tc.provider, tty, e.Prompts.Asked)
			}
			if got := e.ReceivedPaths(); strings.Join(got, ",") != strings.Join(tc.sent, ",") {
				t.Errorf("%s tty=%v: sent %v, want %v", tc.provider, tty, got, tc.sent)
			}
			for _, s := range tc.says {
				if !strings.Contains(e.ErrOut.String(), s) {
					t.Errorf("%s tty=%v: stderr %q does not say %q", tc.provider, tty, e.ErrOut.String(), s)
				}
			}
			// A person reads stderr; a script gets what was done as one
			// JSON document (stdout used to stay empty in a pipe too).
			var res struct {
				Provider string
				Cleared  bool
			}
			switch {
			case tty && e.Out.Len() != 0:
				t.Errorf("%s tty: stdout %q", tc.provider, e.Out.String())
			case !tty && (json.Unmarshal(e.Out.Bytes(), &res) != nil || !res.Cleared || res.Provider != tc.provider):
				t.Errorf("%s pipe: stdout %q", tc.provider, e.Out.String())
			}
			if cached(t, e, config.SandboxProfile, tc.provider) != nil {
				t.Errorf("%s tty=%v: the token is still cached", tc.provider, tty)
			}
			e.Reset()
			err := execute(e, show.NewCmdShow(e.F, nil), "--provider", tc.provider)
			if cmdutil.ExitCode(err) != failure.ExitUsage || err == nil || !strings.Contains(err.Error(), "no cached "+tc.provider+" token") {
				t.Errorf("%s tty=%v: show after clear: exit %d: %v", tc.provider, tty, cmdutil.ExitCode(err), err)
			}
		}
	}
}

// Clearing with nothing cached is not an error: the end state is the one
// asked for. It says there was nothing (for Bihu it used to say both that
// no session was cached and that it had cleared the token).
func TestClearWithNothingCachedSucceeds(t *testing.T) {
	for _, provider := range []string{"paoding", "bihu"} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, "--provider", provider); err != nil {
			t.Fatalf("%s: exit %d: %v", provider, cmdutil.ExitCode(err), err)
		}
		if got := e.ErrOut.String(); len(e.Received()) != 0 || !strings.Contains(got, "No cached "+provider+" token") || strings.Contains(got, "Cleared") {
			t.Errorf("%s: sent %v, stderr %q", provider, e.ReceivedPaths(), got)
		}
	}
}

// clear forgets one provider's token of one profile; the others stay.
func TestClearLeavesOtherProvidersAndProfilesAlone(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	bihu := seed(t, e, config.SandboxProfile, "bihu")
	other := seed(t, e, "other", "paoding")
	seed(t, e, config.SandboxProfile, "paoding")
	if err := run(e, "--provider", "paoding"); err != nil {
		t.Fatal(err)
	}
	if cached(t, e, config.SandboxProfile, "paoding") != nil {
		t.Error("the sandbox profile's paoding token is still cached")
	}
	if got := cached(t, e, config.SandboxProfile, "bihu"); got == nil || got.Value != bihu.Value {
		t.Error("clearing paoding forgot the bihu token")
	}
	if got := cached(t, e, "other", "paoding"); got == nil || got.Value != other.Value {
		t.Error("clearing the sandbox profile forgot another profile's token")
	}
}

// Profile and provider names ignore case, and tokens are cached under the
// lower-case names: -p SANDBOX --provider Paoding forgets that token,
// where it once said "Cleared" and left it in place.
func TestClearForgetsTheTokenWhateverTheCaseOfProviderAndProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	tok := seed(t, e, config.SandboxProfile, "paoding")
	e.F.Globals.Profile = "SANDBOX"
	if err := run(e, "--provider", "Paoding"); err != nil {
		t.Fatal(err)
	}
	if cached(t, e, config.SandboxProfile, "paoding") != nil {
		t.Error("the token is still cached")
	}
	if !strings.Contains(e.ErrOut.String(), "Cleared the cached paoding token of profile sandbox") {
		t.Errorf("stderr %q", redact(e.ErrOut.String(), tok.Value, tok.RefreshToken))
	}
}

// --dry-run (and --curl) change nothing: Bihu's sign-out is shown, token
// masked, not sent; a Paoding token, which has no sign-out, is kept too
// and stderr says what would have been cleared.
func TestClearDryRunForgetsNothing(t *testing.T) {
	for _, tc := range []struct {
		provider  string
		curl      bool
		stdout    string
		stderr    string
		errDryRun bool
	}{
		{"paoding", false, "", "Would clear the cached paoding token of profile sandbox (--dry-run: nothing was changed)", false},
		{"paoding", true, "", "Would clear the cached paoding token", false},
		{"bihu", false, "/bihu/unite/SignOut", "", true},
		{"bihu", true, "curl", "", true},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		before := login(t, e, tc.provider)
		e.F.Globals.DryRun, e.F.Globals.Curl = !tc.curl, tc.curl
		err := run(e, "--provider", tc.provider)
		if cmdutil.ExitCode(err) != failure.ExitOK || errors.Is(err, httpx.ErrDryRun) != tc.errDryRun {
			t.Fatalf("%s curl=%v: exit %d: %v", tc.provider, tc.curl, cmdutil.ExitCode(err), err)
		}
		if at := leaks(e.Out.String()+e.ErrOut.String(), before.Value, before.RefreshToken, bihusb.TestSecretKey); len(at) > 0 {
			t.Fatalf("%s curl=%v: secrets %v reached the output", tc.provider, tc.curl, at)
		}
		if len(e.Received()) != 0 {
			t.Errorf("%s curl=%v: sent %v", tc.provider, tc.curl, e.ReceivedPaths())
		}
		if !strings.Contains(e.Out.String(), tc.stdout) || tc.stdout == "" && e.Out.Len() != 0 {
			t.Errorf("%s curl=%v: stdout %q", tc.provider, tc.curl, e.Out.String())
		}
		if !strings.Contains(e.ErrOut.String(), tc.stderr) || strings.Contains(e.ErrOut.String(), "Cleared") {
			t.Errorf("%s curl=%v: stderr %q", tc.provider, tc.curl, e.ErrOut.String())
		}
		if after := cached(t, e, config.SandboxProfile, tc.provider); after == nil || after.Value != before.Value {
			t.Errorf("%s curl=%v: a dry run forgot the token", tc.provider, tc.curl)
		}
	}
}

// A misspelt -p used to say "nothing to clear" and exit 0, so a script
// believed the token gone; it is exit 2 naming the profiles there are.
func TestClearOfAnUnknownProfileNamesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	tok := seed(t, e, "prod", "paoding")
	e.F.Globals.Profile = "prdo"
	err := run(e, "--provider", "paoding")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if msg := err.Error(); !strings.Contains(msg, `no profile named "prdo"`) {
		t.Errorf("error: %s", msg)
	}
	if strings.Contains(e.ErrOut.String(), "nothing to clear") || len(e.Received()) != 0 {
		t.Errorf("stderr %q, sent %v", e.ErrOut, e.ReceivedPaths())
	}
	if got := cached(t, e, "prod", "paoding"); got == nil || got.Value != tok.Value {
		t.Error("another profile's token was forgotten")
	}
}
