package cancel

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// lossyEbao is an environment whose profile "staging" reaches the eBao
// sandbox through a lossyProxy.
func lossyEbao(t *testing.T) (*cmdtest.Env, *cmdtest.LossyProxy) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := e.ViaLossyProxy(t, "ebao")
	e.F.Globals.Yes = true
	return e, proxy
}

// A cancellation whose answer was lost (exit 5), then the same cancel
// again: eBao refuses it as not effective (status CANCELLED, naming the
// endorsement; still exit 4), and that settles the first one: find
// tells the policy's story as cancelled (settled by the re-run), the
// endorsement number finds it, and nothing is listed as unknown.
func TestRerunRefusalSettlesALostCancellation(t *testing.T) {
	e, proxy := lossyEbao(t)

	p := issuedPolicy(t, e)

	proxy.Lose.Store(true)
	if err := run(e, "--provider", "ebao", p); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	proxy.Lose.Store(false)
	e.Reset()
	err := run(e, "--provider", "ebao", p)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier cancellation of policy "+p) {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	endorsement := regexp.MustCompile(`E\d{16}`).FindString(fe.Message)
	if endorsement == "" {
		t.Fatalf("no endorsement named: %v", err)
	}

	for _, key := range []string{p, endorsement} {
		e.Reset()
		if err := execute(e, find.NewCmdFind(e.F, nil), key); err != nil {
			t.Fatalf("find %s: %v", key, err)
		}
		var story find.Story
		if err := json.Unmarshal(e.Out.Bytes(), &story); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(story.State, "policy "+p) || !strings.Contains(story.State, "cancelled (settled by the re-run)") ||
			strings.Contains(story.State, "failed") || strings.Contains(story.State, "unknown") {
			t.Fatalf("find %s: state %q", key, story.State)
		}
	}
	unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
	if err != nil || len(unknown) != 0 {
		t.Fatalf("still listed as unknown: %+v %v", unknown, err)
	}
}

// A policy cancelled, then a second cancellation whose answer was lost,
// then a third: eBao refuses the third naming the first's endorsement.
// The lost one did nothing (the policy was cancelled before it was
// sent), so it is settled failed, and the hint does not credit it with
// the cancellation; it used to read ok (re-run).
func TestRerunDoesNotCreditALostRepeatWithAnEarlierCancellation(t *testing.T) {
	e, proxy := lossyEbao(t)

	p := issuedPolicy(t, e)
	if err := run(e, "--provider", "ebao", p); err != nil {
		t.Fatalf("first cancellation: %v", err)
	}
	e.Reset()
	proxy.Lose.Store(true)
	if err := run(e, "--provider", "ebao", p); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	proxy.Lose.Store(false)
	e.Reset()
	err := run(e, "--provider", "ebao", p)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if strings.Contains(fe.Hint, "this settles the earlier cancellation") {
		t.Errorf("the hint credits the lost repeat with the cancellation: %s", fe.Hint)
	}
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Profile: "staging", Operation: "cancellation", Limit: -1, Ascending: true})
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows: %v", len(rows), err)
	}
	if lost := rows[1]; lost.Outcome != store.OutcomeFailed || lost.Settled == nil {
		t.Errorf("the lost repeat reads %s (settled %+v), want failed", lost.Outcome, lost.Settled)
	}
	if first := rows[0]; first.Outcome != store.OutcomeOK {
		t.Errorf("the first cancellation reads %s", first.Outcome)
	}
}

// A cancellation of a policy eBao does not know, whose answer was lost,
// then the same again: eBao says the policy is unknown, so the first
// cancelled nothing and is settled failed instead of staying unknown.
func TestRerunSettlesALostCancellationOfAnUnknownPolicy(t *testing.T) {
	e, proxy := lossyEbao(t)
	const p = "P2612020000000099"
	proxy.Lose.Store(true)
	if err := run(e, "--provider", "ebao", p); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	proxy.Lose.Store(false)
	e.Reset()
	if err := run(e, "--provider", "ebao", p); cmdutil.ExitCode(err) != 4 {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
	if err != nil || len(unknown) != 0 {
		t.Fatalf("still unknown: %+v %v", unknown, err)
	}
}

// issuedPolicy quotes and issues the example policy through e, for a
// test that cancels it.
func issuedPolicy(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	if err := execute(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "-f", quoteFile); err != nil {
		t.Fatal(err)
	}
	q := regexp.MustCompile(`Q\d{16}`).FindString(e.Out.String())
	e.Reset()
	if err := execute(e, issue.NewCmdIssue(e.F, nil), "--provider", "ebao", "-f", quoteFile, "--quote", q); err != nil {
		t.Fatal(err)
	}
	p := regexp.MustCompile(`P\d{16}`).FindString(e.Out.String())
	e.Reset()
	return p
}
