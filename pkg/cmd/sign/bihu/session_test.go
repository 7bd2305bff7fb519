package bihu

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/tokencache"
)

// sessionToken stands in for a live Bihu session in the test store: a
// secret, never to be printed unasked.
var sessionToken = strings.Repeat("9c", 16)

// cacheSession stores sessionToken as the sandbox profile's Bihu session,
// as `insure -p sandbox token get --provider bihu` would, ending after
// lifetime from now (negative: already ended).
func cacheSession(t *testing.T, e *cmdtest.Env, lifetime time.Duration) {
	t.Helper()
	now := time.Now()
	tok := &tokencache.Token{Value: sessionToken, IssuedAt: now.Add(-time.Minute), ExpiresAt: now.Add(lifetime)}
	if err := e.Store.TokenCache("sandbox", "bihu").Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
}

// With no Token given, renew and signout sign the profile's cached
// session token, which no one had to type where ps shows it: the same
// SecCode as when it is given, printed masked, and nothing sent.
func TestRenewAndSignOutSignTheCachedSessionTokenMasked(t *testing.T) {
	for _, tc := range []struct {
		given, cached []string
		token         func(Result) string
		masked        string
	}{
		{given: []string{"renew", "LicenseNo=京J97896", "CityCode=1", "TimeStamp=" + docTime, "Token=" + sessionToken},
			cached: []string{"renew", "LicenseNo=京J97896", "CityCode=1", "TimeStamp=" + docTime},
			token:  func(r Result) string { return r.Params["Token"] }, masked: "&Token=****"},
		{given: []string{"signout", "--token", sessionToken},
			cached: []string{"signout"},
			token:  func(r Result) string { return r.Params["token"] }, masked: "&token=****"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, tc.given...); err != nil {
			t.Fatal(err)
		}
		want := result(t, e).SecCode

		e = cmdtest.New(t, cmdtest.Options{})
		cacheSession(t, e, time.Hour)
		if err := run(e, tc.cached...); err != nil {
			t.Fatalf("%s: exit %d: %v", tc.cached[0], cmdutil.ExitCode(err), err)
		}
		r := result(t, e)
		if r.SecCode != want || tc.token(r) != "****" || !strings.Contains(r.Canonical, tc.masked) {
			t.Errorf("%s: not the cached token's SecCode %s, masked: %+v", tc.cached[0], want, r)
		}
		noSecret(t, e, sessionToken)
		if len(e.Received()) != 0 {
			t.Fatalf("%s: sign sent %v", tc.cached[0], e.ReceivedPaths())
		}

		// --show-secrets shows the token it used.
		e.Reset()
		e.F.Globals.ShowSecrets = true
		if err := run(e, tc.cached...); err != nil {
			t.Fatal(err)
		}
		if r := result(t, e); tc.token(r) != sessionToken {
			t.Errorf("%s --show-secrets: %+v", tc.cached[0], r)
		}
	}
}

// An ended session is still signed (that is what was asked), with a
// warning that Bihu refuses it and how to get a fresh one.
func TestCachedSessionThatEndedIsSignedWithAWarning(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cacheSession(t, e, -time.Minute)
	if err := run(e, "signout"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "the cached bihu session token of profile sandbox expired at") ||
		!strings.Contains(e.ErrOut.String(), "insure -p sandbox token get --provider bihu") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	noSecret(t, e, sessionToken)
}

// With no Token given and none cached, renew and signout are exit 2
// naming the field, how to get a session (sign itself never logs in) and
// the document's example token; nothing is printed or sent.
func TestNoTokenGivenAndNoneCachedSaysHowToGetOne(t *testing.T) {
	for field, args := range map[string][]string{
		"Token":   {"renew", "LicenseNo=京J97896", "CityCode=1", "TimeStamp=" + docTime},
		"--token": {"signout"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
			t.Fatalf("%s: exit %d, stdout %q: %v", args[0], cmdutil.ExitCode(err), e.Out.String(), err)
		}
		msg := err.Error()
		for _, want := range []string{field + ": is required, and no bihu session token is cached for profile sandbox",
			"`insure -p sandbox token get --provider bihu`", "visible to other users in ps", docToken} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: lacks %q: %v", args[0], want, err)
			}
		}
		if len(e.Received()) != 0 {
			t.Fatalf("%s: sign sent %v", args[0], e.ReceivedPaths())
		}
	}
}
