package api

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

// runDry runs a dry run, which ends in httpx.ErrDryRun (exit 0 at the
// root), and fails the test on any other error.
func runDry(t *testing.T, e *cmdtest.Env, args ...string) {
	t.Helper()
	if err := run(e, args...); err != nil && !errors.Is(err, httpx.ErrDryRun) {
		t.Fatalf("%v\nstderr: %s", err, e.ErrOut.String())
	}
	if len(e.Received()) != 0 {
		t.Fatalf("a dry run sent %v", e.ReceivedPaths())
	}
}

// With no paoding token cached, --curl and --dry-run print the login and
// then the call with the DRY-RUN-TOKEN stand-in; pasted as printed, the
// call is refused (10030), so stderr says the token is a stand-in and
// how to get a real one. stdout carries the requests alone.
func TestPaodingDryRunWithoutCachedTokenSaysTheTokenIsAStandIn(t *testing.T) {
	for _, tc := range []struct {
		name        string
		curl, shown bool
		args        []string
	}{
		{name: "curl", curl: true, args: []string{"paoding", "brand.list"}},
		{name: "curl show-secrets", curl: true, shown: true, args: []string{"paoding", "report.get", "--set", "orderId=DEMO-1"}},
		{name: "dry-run", args: []string{"paoding", "brandFactory.get", "--set", "brandFactoryId=20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			e.F.Globals.Curl, e.F.Globals.DryRun, e.F.Globals.ShowSecrets = tc.curl, !tc.curl, tc.shown
			runDry(t, e, tc.args...)
			out, stderr := e.Out.String(), e.ErrOut.String()
			if !strings.Contains(out, "/4s/token/generate") || strings.Contains(out, "stand-in") || strings.Contains(out, "token get") {
				t.Errorf("stdout is not the requests alone:\n%s", out)
			}
			if tc.shown && !strings.Contains(out, "Authorization-Token: DRY-RUN-TOKEN") {
				t.Errorf("the call does not carry the stand-in:\n%s", out)
			}
			for _, want := range []string{"Authorization-Token of the " + tc.args[1] + " request is a stand-in, DRY-RUN-TOKEN",
				"the token that token.generate answers", "insure -p sandbox token get --provider paoding"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if masked := strings.Contains(stderr, "printed as ****"); masked == tc.shown {
				t.Errorf("stderr says the stand-in is masked: %v, with --show-secrets %v:\n%s", masked, tc.shown, stderr)
			}
		})
	}
}

// With a usable token cached the call is printed with it: there is no
// stand-in to speak of.
func TestPaodingCurlWithCachedTokenSaysNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	now := time.Now()
	tok := &tokencache.Token{Value: strings.Repeat("5f", 16), IssuedAt: now, ExpiresAt: now.Add(2 * time.Hour)}
	if err := e.Store.TokenCache("sandbox", "paoding").Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Curl = true
	runDry(t, e, "paoding", "brand.list")
	if strings.Contains(e.Out.String(), "/4s/token/") || !strings.Contains(e.Out.String(), "/4s/brand/list") || e.ErrOut.Len() != 0 {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", e.Out.String(), e.ErrOut.String())
	}
}
