package find_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

// settleOf is the settle command find gives for key, from its JSON.
func settleOf(t *testing.T, e *cmdtest.Env, key string) string {
	t.Helper()
	e.F.IOStreams.SetStdoutTTY(false)
	var s find.Story
	if err := json.Unmarshal([]byte(run(t, e, "find", key)), &s); err != nil {
		t.Fatal(err)
	}
	return s.Settle
}

// A settle command is copied and run as printed, so it must carry what
// the act's journal keys cannot give back: what the first run was given
// besides them. Without it, a lost eBao cancellation made with --type
// and --date was made again as the holder's application of today (a
// different endorsement), an issuance quoted with --set was refused as
// another request (settling nothing), and a purchase of a factory that
// needs an engine number was refused for the missing --engine.
func TestFindSettleCommandNamesWhatTheFirstRunWasGiven(t *testing.T) {
	t.Run("ebao cancel", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/endorsement=drop"})
		q := strings.TrimSpace(run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json", "--jq", ".quotationNumber"))
		p := strings.TrimSpace(run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/quote.json", "--quote", q, "--yes", "--jq", ".policyNumber"))
		if code := exec(e, "cancel", "--provider", "ebao", p, "--type", "APLY_BY_INSURER", "--date", "2027-02-01", "--yes", "--timeout", "300ms"); code != 5 {
			t.Fatalf("the dropped cancellation: exit %d\n%s", code, e.ErrOut.String())
		}
		got := settleOf(t, e, p)
		if !strings.HasPrefix(got, "insure -p sandbox cancel --provider ebao "+p+" --yes") {
			t.Errorf("settle %q", got)
		}
		for _, flag := range []string{"--type", "--date", "--channel"} {
			if !strings.Contains(got, flag) {
				t.Errorf("settle %q does not name the first run's %s", got, flag)
			}
		}
	})
	t.Run("ebao issue", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/policies/issuances=drop"})
		set := []string{"--set", "insuredObjects[0].plan_code=Plan_2"}
		q := strings.TrimSpace(run(t, e, append([]string{"quote", "--provider", "ebao", "-f", examples + "ebao/quote.json", "--jq", ".quotationNumber"}, set...)...))
		if code := exec(e, append([]string{"issue", "--provider", "ebao", "-f", examples + "ebao/quote.json", "--quote", q, "--yes", "--timeout", "300ms"}, set...)...); code != 5 {
			t.Fatalf("the dropped issuance: exit %d\n%s", code, e.ErrOut.String())
		}
		got := settleOf(t, e, q)
		if !strings.HasPrefix(got, "insure -p sandbox issue --provider ebao -f QUOTE_FILE --quote "+q+" --yes") || !strings.Contains(got, "--set") {
			t.Errorf("settle %q does not name the first run's --set", got)
		}
	})
	t.Run("paoding buy", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
		if code := exec(e, "vin-report", "buy", "--vin", "LFV2A21K8G3041234", "--brand-factory", "30", "--engine", "EA888A123",
			"--order-id", "SUP-ENGINE", "--yes", "--timeout", "300ms"); code == 0 {
			t.Fatal("the dropped purchase succeeded")
		}
		got := settleOf(t, e, "SUP-ENGINE")
		if !strings.HasPrefix(got, "insure -p sandbox vin-report buy --vin LFV2A21K8G3041234 --brand-factory 30 --order-id SUP-ENGINE --yes") {
			t.Errorf("settle %q", got)
		}
		for _, flag := range []string{"--engine", "--notify-url"} {
			if !strings.Contains(got, flag) {
				t.Errorf("settle %q does not name the first run's %s", got, flag)
			}
		}
	})
}

// A Sunshine step settled by sending its lost request again reads as such
// in the state line, not "settled by the sent again".
func TestFindStateSaysASunshineStepWasSettledBySendingItAgain(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(t.Context(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "sunshine", Operation: "txn.130",
		Method: "POST", URL: "http://y", Error: "timeout", Keys: map[string]string{"sessionId": "20261202051437719568"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.Settle(t.Context(), store.Settlement{Profile: "sandbox", Provider: "sunshine", Operation: "txn.130",
		Key: "20261202051437719568", Outcome: store.OutcomeOK, By: "sent again"}); err != nil {
		t.Fatal(err)
	}
	e.F.IOStreams.SetStdoutTTY(false)
	var s find.Story
	if err := json.Unmarshal([]byte(run(t, e, "find", "20261202051437719568")), &s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.State, "issued (settled by sending it again)") || strings.Contains(s.State, "the sent again") {
		t.Errorf("state %q", s.State)
	}
}

// A settle command is pasted into a shell whole, its comment included:
// interactive zsh does not take # as a comment, so an apostrophe in it
// ("the first run's") opened a quote and the paste hung at quote>.
func TestSettleCommandsHoldNoQuoteCharacters(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, p := range e.F.Registry.All() {
		for _, op := range p.Operations {
			for _, tmpl := range op.Settle {
				if strings.ContainsAny(tmpl, "'\"`") {
					t.Errorf("%s %s: %q", p.Name, op.Name, tmpl)
				}
			}
		}
	}
}
