package issue

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// An issuance whose answer was lost (exit 5), then the same issue again:
// eBao refuses it naming the policy (still exit 4), and that settles the
// first one. The journal says so: the policy number is a key of the
// re-run's row, find tells the policy's story as issued (settled by the
// re-run), not failed, and history --status unknown no longer lists it.
func TestRerunRefusalSettlesALostIssuance(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := e.ViaLossyProxy(t, "ebao")
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	proxy.Lose.Store(true)
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	proxy.Lose.Store(false)
	e.Reset()
	err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier issuance of quotation "+q) {
		t.Fatalf("re-run: exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, fe.Hint)
	}
	policy := regexp.MustCompile(`P\d{16}`).FindString(fe.Message)
	if policy == "" {
		t.Fatalf("no policy named: %v", err)
	}

	e.Reset()
	if err := execute(e, find.NewCmdFind(e.F, nil), policy); err != nil {
		t.Fatalf("find %s: %v", policy, err)
	}
	var story find.Story
	if err := json.Unmarshal(e.Out.Bytes(), &story); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(story.State, "policy "+policy) || !strings.Contains(story.State, "issued (settled by the re-run)") ||
		strings.Contains(story.State, "failed") || strings.Contains(story.State, "unknown") {
		t.Fatalf("state: %q", story.State)
	}
	issuances := 0
	for _, s := range story.Steps {
		if s.Step == "issued" {
			issuances++
			if s.Outcome != store.OutcomeOK || s.Settled == nil || s.Settled.By != "re-run" || s.Keys["policyNumber"] != policy {
				t.Errorf("step %+v", s)
			}
		}
	}
	if issuances != 2 {
		t.Fatalf("want the lost issuance and the re-run in the story: %+v", story.Steps)
	}
	unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
	if err != nil || len(unknown) != 0 {
		t.Fatalf("still listed as unknown: %+v %v", unknown, err)
	}
}
