package issue

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// An issuance's journal row is committed before the request leaves, as
// unknown: a process killed while it waits for the answer (kill -9, a
// second Ctrl-C) used to leave no row at all, although eBao had issued
// the policy. The server below reads the journal through a store of its
// own while the request is in flight; once the answer is in, the same row
// (not a second one) says what came of it.
func TestIssuanceIsInTheJournalWhileInFlight(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var e *cmdtest.Env
		var seen []store.JournalEntry
		body := `{"policyNumber":"P2701160000000009","status":"EFFECTIVE"}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			other, err := store.Open(e.Store.Path)
			if err != nil {
				t.Error(err)
			} else {
				seen, _ = other.History(r.Context(), store.JournalFilter{Limit: -1})
				other.Close()
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(body), ebaosb.TestSecretKey))
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		e = cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
			"endpoint": srv.URL, "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
		e.F.Globals.Profile, e.F.Globals.Yes = "staging", true
		if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2701160000000001"); err != nil {
			t.Fatalf("tty %v: %v", tty, err)
		}
		if len(seen) != 1 || seen[0].Operation != "issuance" || seen[0].Outcome != store.OutcomeUnknown ||
			seen[0].ExitClass != 5 || seen[0].Message != httpx.InFlightMessage || seen[0].Keys["quotationNumber"] != "Q2701160000000001" {
			t.Fatalf("tty %v: the journal while the issuance was in flight: %+v", tty, seen)
		}
		rows, err := e.Store.History(t.Context(), store.JournalFilter{Limit: -1})
		if err != nil || len(rows) != 1 {
			t.Fatalf("tty %v: %d rows after the answer (want the one, completed): %v", tty, len(rows), err)
		}
		if r := rows[0]; r.ID != seen[0].ID || r.Outcome != store.OutcomeOK || r.Status != 200 || r.Keys["policyNumber"] != "P2701160000000009" {
			t.Errorf("tty %v: the completed row: %+v", tty, r)
		}
		found, err := e.Store.History(t.Context(), store.JournalFilter{Key: "P2701160000000009", Limit: -1})
		if err != nil || len(found) != 1 {
			t.Errorf("tty %v: the answer's policy number does not find the row: %d rows, %v", tty, len(found), err)
		}
		if strings.Contains(e.ErrOut.String(), "not in the local journal") {
			t.Errorf("tty %v: %s", tty, e.ErrOut)
		}
	}
}
