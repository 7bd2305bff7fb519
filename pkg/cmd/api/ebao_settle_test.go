package api

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// An eBao issuance or cancellation sent with insure api that the service
// carried out, but whose answer a gateway replaced by a 502, has an
// unknown outcome, and its hint is the whole command that settles it:
// the same file sent again, which eBao refuses (exit 4) as already a
// policy or not effective, so nothing is done twice. The hint said
// "again with the same request" (issuance) or named `insure cancel`
// without a policy number, neither of which can be pasted.
func TestEbaoUnknownActHintIsTheCommandThatSettlesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := e.ViaLossyProxy(t, "ebao")
	e.F.Globals.Yes = true
	dir := t.TempDir()
	quoteBody, err := os.ReadFile(examplesDir + "ebao/quote.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json"); err != nil {
		t.Fatal(err)
	}
	var quoted struct{ QuotationNumber string }
	_ = json.Unmarshal(e.Out.Bytes(), &quoted)
	var body map[string]any
	_ = json.Unmarshal(quoteBody, &body)
	body["quotationNumber"] = quoted.QuotationNumber
	issueFile := filepath.Join(dir, "issue.json")
	b, _ := json.Marshal(body)
	_ = os.WriteFile(issueFile, b, 0o600)

	// follow sends op with the losing proxy, checks the hint names the
	// file's command, then runs that command as pasted and returns its
	// error; the policy number the issuance made, if any.
	follow := func(op, file, already string) string {
		t.Helper()
		e.Reset()
		proxy.Lose.Store(true)
		err := run(e, "ebao", op, "-f", file)
		fe := &failure.Error{}
		if cmdutil.ExitCode(err) != 5 || !errors.As(err, &fe) || !fe.Unknown {
			t.Fatalf("%s: exit %d: %v", op, cmdutil.ExitCode(err), err)
		}
		want := "`insure api ebao " + op + " -f " + file + " --yes`"
		if !strings.Contains(fe.Hint, want) {
			t.Fatalf("%s: hint does not name %s: %q", op, want, fe.Hint)
		}
		proxy.Lose.Store(false)
		e.Reset()
		words := strings.Fields(strings.Trim(want, "`"))
		err = run(e, words[2:len(words)-1]...) // --yes is the root's, set above
		if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), already) {
			t.Fatalf("%s: following the hint: exit %d: %v", op, cmdutil.ExitCode(err), err)
		}
		// The repeat settles the earlier act in the journal, as insure
		// issue and insure cancel do, and its hint says so.
		if !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier") {
			t.Errorf("%s: following the hint does not say it settled the earlier one: %q", op, fe.Hint)
		}
		rows, herr := e.Store.History(t.Context(), store.JournalFilter{Provider: "ebao", Operation: op, Limit: -1, Ascending: true})
		if herr != nil || len(rows) != 2 || rows[0].Outcome != store.OutcomeOK || rows[0].Settled == nil {
			t.Errorf("%s: the earlier row is not settled: %v %+v", op, herr, rows)
		}
		policy := ""
		if i := strings.Index(err.Error(), "as policy "); i >= 0 {
			policy = strings.Fields(err.Error()[i+len("as policy "):])[0]
		}
		return policy
	}
	policy := follow("issuance", issueFile, "already issued as policy")
	cancelFile := filepath.Join(dir, "cancel.json")
	cb, _ := os.ReadFile(examplesDir + "ebao/cancel.json")
	var cancel map[string]any
	_ = json.Unmarshal(cb, &cancel)
	cancel["policyNumber"] = policy
	cb, _ = json.Marshal(cancel)
	_ = os.WriteFile(cancelFile, cb, 0o600)
	follow("cancellation", cancelFile, "not effective")
}
