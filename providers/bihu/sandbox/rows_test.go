package sandbox

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
)

// A new sandbox over the same state file (a later insure process) knows
// the sessions and renewal records the first one made.
func TestStatePersistsAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	one := newFixture(t, st)
	tok := one.login(600)
	_, body := one.renewal(one.params(tok, "LicenseNo", "京J97896"), TestSecretKey)
	rt, _ := body["RenewalToken"].(string)
	if rt == "" {
		t.Fatalf("renewal: %v", body)
	}
	one.srv.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	if st, err = state.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	two := newFixture(t, st)
	two.advance(time.Minute)
	if got, m := two.renewal(two.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
		t.Errorf("renewal with the session opened before: HTTP %d %v", got, m["msg"])
	}
	if got, html := two.page("/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt); got != 200 || !strings.Contains(html, "renewal record found") {
		t.Errorf("quote page of the renewal made before: HTTP %d", got)
	}
	two.advance(10 * time.Minute) // the 600 s session has ended
	if got, _ := two.renewal(two.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 403 {
		t.Errorf("renewal after the session's end: HTTP %d", got)
	}
}

// Ended sessions and their renewal records are deleted a few at a time as
// new ones are made, so the rows do not grow with every login ever made.
func TestEndedSessionsAreSwept(t *testing.T) {
	st := state.NewMemory()
	f := newFixture(t, st)
	count := func(kind string) int64 {
		n, err := state.Count(context.Background(), st, kind)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := 0; i < 3; i++ {
		tok := f.login(60)
		if got, _ := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey); got != 200 {
			t.Fatalf("renewal: HTTP %d", got)
		}
	}
	if count(kindSession) != 3 || count(kindRenewal) != 3 {
		t.Fatalf("%d sessions, %d renewals", count(kindSession), count(kindRenewal))
	}
	f.advance(time.Minute)
	f.login(60) // sweeps 4 of the 6 ended rows
	f.login(60) // and the last 2
	if s, r, idx := count(kindSession), count(kindRenewal), count(string(expiry)); s != 2 || r != 0 || idx != 2 {
		t.Errorf("after the sweeps: %d sessions, %d renewals, %d expiry entries; want the 2 open sessions", s, r, idx)
	}
}
