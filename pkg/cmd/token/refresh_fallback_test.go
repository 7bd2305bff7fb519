package token

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/tokencache"
)

// `token refresh` whose refresh cannot work any more logs in afresh, as its
// help says: a spent refresh token (10010) and a token the server no longer
// knows (10030) both end in a new login and exit 0.
func TestRefreshLogsInAfreshWhenTheRefreshCannotWork(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(*tokencache.Token)
	}{
		// Another process spent the refresh token this one cached.
		{"10010 spent refresh token", func(tok *tokencache.Token) { tok.RefreshToken = strings.Repeat("ab", 16) }},
		// The server ended the token before its time.
		{"10030 token unknown", func(tok *tokencache.Token) { tok.Value = strings.Repeat("cd", 16) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			if err := run(e, "get"); err != nil {
				t.Fatal(err)
			}
			cache := e.Store.TokenCache("sandbox", "paoding")
			tok, err := cache.Load(t.Context())
			if err != nil || tok == nil {
				t.Fatalf("no cached token: %v", err)
			}
			tc.spoil(tok)
			tok.ExpiresAt = time.Now().Add(time.Hour)
			if err := cache.Save(t.Context(), tok); err != nil {
				t.Fatal(err)
			}
			e.Reset()
			err = run(e, "refresh")
			if err != nil {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			got := e.ReceivedPaths()
			if len(got) != 2 || !strings.HasSuffix(got[0], "/4s/token/refresh") || !strings.HasSuffix(got[1], "/4s/token/generate") {
				t.Fatalf("sent %v, want a refresh then a login", got)
			}
			now, _ := cache.Load(t.Context())
			if now == nil || now.Value == tok.Value || now.RefreshToken == tok.RefreshToken {
				t.Fatal("the cache does not hold the new login")
			}
			if strings.Contains(e.Out.String()+e.ErrOut.String(), now.Value) {
				t.Fatal("the token reached the output")
			}
		})
	}
}

// The document allows a user name of at most 15 characters: a 16-character
// one is exit 2 and nothing reaches the sandbox.
func TestSixteenCharacterUsernameIsUsageAndSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_PAODING_USERNAME", "sixteen-chars-xx")
	for _, verb := range []string{"get", "refresh"} {
		e.Reset()
		err := run(e, verb, "--provider", "paoding")
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "username") {
			t.Fatalf("%s: exit %d: %v", verb, cmdutil.ExitCode(err), err)
		}
		if len(e.Received()) != 0 {
			t.Fatalf("%s sent %v", verb, e.ReceivedPaths())
		}
	}
}

// The header spelling is a profile setting: hyphens by default (document
// version 1.2), underscores for older servers. The client sends only the
// spelling configured, and the sandbox accepts both.
func TestPaodingHeaderSpellingFollowsTheProfile(t *testing.T) {
	has := func(t *testing.T, r cmdtest.Received, names ...string) {
		t.Helper()
		for _, n := range names {
			if r.Header.Get(n) == "" {
				t.Errorf("%s %s has no %s: %v", r.Method, r.Path, n, r.Header)
			}
		}
	}
	hasNot := func(t *testing.T, r cmdtest.Received, names ...string) {
		t.Helper()
		for _, n := range names {
			if r.Header.Get(n) != "" {
				t.Errorf("%s %s also sent %s", r.Method, r.Path, n)
			}
		}
	}
	hyphens := []string{"Api-4s-Version", "Authorization-Token"}
	underscores := []string{"Api_4s_Version", "Authorization_Token"}

	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "get"); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "refresh"); err != nil {
		t.Fatal(err)
	}
	got := e.Received()
	if len(got) != 2 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	has(t, got[0], hyphens[0])
	has(t, got[1], hyphens...)
	hasNot(t, got[0], underscores...)
	hasNot(t, got[1], underscores...)

	// The spelling of servers older than the document's version 1.2 is
	// sent when the profile asks for it; the sandbox, as the document,
	// refuses it (providers/paoding tests it against an older server).
	e = cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_PAODING_HEADER_STYLE", "underscores")
	if err := run(e, "get"); err == nil {
		t.Fatalf("the sandbox accepted the old header names: %v", e.ReceivedPaths())
	}
	got = e.Received()
	if len(got) != 1 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	has(t, got[0], underscores[0])
	hasNot(t, got[0], hyphens...)
	if got[0].Header.Get(underscores[0]) != "1.0" {
		t.Errorf("version header: %v", got[0].Header)
	}
	t.Setenv("INSURE_PAODING_HEADER_STYLE", "")

	e = cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_PAODING_HEADER_STYLE", "dashes")
	if err := run(e, "get"); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("an unknown spelling: exit %d, sent %v", cmdutil.ExitCode(err), e.ReceivedPaths())
	}
}
