package prune

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

// issuance records an eBao issuance of quotation, 200 days old, whose
// answer was lost after it was sent (its outcome unknown), and settles it
// as issued when settled is set.
func issuance(t *testing.T, e *cmdtest.Env, quotation string, settled bool) {
	t.Helper()
	en := httpx.Entry{Time: now.Add(-days(200)), Profile: config.SandboxProfile, Provider: ebao.Provider, Operation: ebao.OpIssuance,
		Keys: map[string]string{"quotationNumber": quotation}, Method: "POST", URL: "http://x", Error: "read: connection reset by peer",
		Verdict: &httpx.Verdict{ExitClass: 5, Unknown: true, Message: "the answer was lost"}}
	if _, err := e.Store.RecordEntry(t.Context(), en); err != nil {
		t.Fatal(err)
	}
	if !settled {
		return
	}
	if n, err := e.Store.Settle(t.Context(), store.Settlement{Profile: config.SandboxProfile, Provider: ebao.Provider, Operation: ebao.OpIssuance,
		Key: quotation, Outcome: store.OutcomeOK, By: "look-up"}); err != nil || n != 1 {
		t.Fatalf("settling %s: %d %v", quotation, n, err)
	}
}

// findSettle is the settle command `insure find KEY` gives (its JSON, as
// in a pipe), "" for none.
func findSettle(t *testing.T, e *cmdtest.Env, key string) string {
	t.Helper()
	e.Reset()
	e.F.IOStreams.SetStdoutTTY(false)
	defer e.F.IOStreams.SetStdoutTTY(e.F.IOStreams.IsStderrTTY())
	cmd := find.NewCmdFind(e.F, nil)
	cmd.SetArgs([]string{key})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err != nil {
		return ""
	}
	var story struct {
		Settle string `json:"settle"`
	}
	_ = json.Unmarshal(e.Out.Bytes(), &story)
	return story.Settle
}

// An issuance whose answer was lost is the only record that a policy may
// have been issued, and `insure find` reads it to print the command that
// settles it. Prune by age removed it with everything else 200 days old,
// so find found nothing and a re-run could have issued twice. It is kept
// (and counted) until settled; a settled issuance of the same age goes.
func TestPruneKeepsAnIssuanceInDoubt(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := env(t, tty)
		issuance(t, e, "Q-DOUBT", false)
		issuance(t, e, "Q-SETTLED", true)
		seed(t, e, "", days(200), days(1))
		if err := prune(e, "--older-than", "90d"); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if tty {
			if !strings.HasPrefix(out, "Removed 2 journal entries (") || !strings.Contains(out, "\n1 of them stays whatever the limits: purchases, issuances or cancellations whose outcome is still unknown") {
				t.Errorf("terminal: %q", out)
			}
		} else {
			var r struct {
				Removed       int64 `json:"removed"`
				Remaining     int64 `json:"remaining"`
				KeptUnsettled int64 `json:"kept_unsettled"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("stdout %q: %v", out, err)
			}
			if r.Removed != 2 || r.Remaining != 2 || r.KeptUnsettled != 1 {
				t.Errorf("pipe: %s; want removed 2 (Q-SETTLED, O-0), remaining 2, kept_unsettled 1", out)
			}
		}
		if s := findSettle(t, e, "Q-DOUBT"); !strings.Contains(s, "--quote Q-DOUBT") {
			t.Errorf("tty %v: find Q-DOUBT after prune gives no settle command (%q): the act in doubt was pruned", tty, s)
		}
		if s := findSettle(t, e, "Q-SETTLED"); s != "" {
			t.Errorf("tty %v: find Q-SETTLED after prune: %q; want nothing (pruned)", tty, s)
		}
		n, err := e.Store.Settle(t.Context(), store.Settlement{Profile: config.SandboxProfile, Provider: ebao.Provider, Operation: ebao.OpIssuance,
			Key: "Q-DOUBT", Outcome: store.OutcomeOK, By: "re-run"})
		if err != nil || n != 1 {
			t.Errorf("tty %v: settling Q-DOUBT after prune found %d rows (%v), want 1", tty, n, err)
		}
	}
}

// The help says so.
func TestPruneHelpSaysActsInDoubtAreKept(t *testing.T) {
	e := env(t, false)
	long := NewCmdPrune(e.F, nil).Long
	if !strings.Contains(long, "outcome is unknown and not settled yet") || !strings.Contains(long, "whatever their age and the size cap") {
		t.Errorf("help: %s", long)
	}
}
