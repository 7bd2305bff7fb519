package cancel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

type batchLine struct {
	Line     int               `json:"line"`
	Hint     string            `json:"hint"`
	Input    map[string]string `json:"input"`
	Outcome  string            `json:"outcome"`
	ExitCode int               `json:"exit_code"`
	Code     string            `json:"code"`
	Result   map[string]any    `json:"result"`
}

func batchLines(t *testing.T, out string) []batchLine {
	t.Helper()
	return cmdtest.JSONLines[batchLine](t, out)
}

func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBatchQuoteIssueCancel quotes, issues and cancels three vehicles, each
// step a batch fed by the previous step's JSON Lines.
func TestBatchQuoteIssueCancel(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	raw, err := os.ReadFile(quoteFile)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, raw); err != nil {
		t.Fatal(err)
	}
	line := body.String()
	quotes := tempFile(t, "quotes.jsonl", line+"\n"+line+"\nnot json\n"+line+"\n")
	err = execute(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "--batch", quotes)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	ql := batchLines(t, e.Out.String())
	if len(ql) != 4 || ql[2].Outcome != "usage" || ql[2].Line != 3 {
		t.Fatalf("quote lines: %s", e.Out)
	}
	var issues strings.Builder
	for _, l := range ql {
		if l.Outcome != "ok" {
			continue
		}
		q, _ := l.Result["quotationNumber"].(string)
		if q == "" {
			t.Fatalf("no quotation: %+v", l)
		}
		fmt.Fprintf(&issues, "%s,\"quotationNumber\":%q}\n", strings.TrimSuffix(line, "}"), q)
	}
	e.Reset()
	if err := execute(e, issue.NewCmdIssue(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "issues.jsonl", issues.String())); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	il := batchLines(t, e.Out.String())
	var cancels strings.Builder
	cancels.WriteString("policy_number,date\n")
	for _, l := range il {
		p, _ := l.Result["policyNumber"].(string)
		if l.Outcome != "ok" || p == "" || l.Input["quotationNumber"] == "" {
			t.Fatalf("issue line: %+v", l)
		}
		fmt.Fprintf(&cancels, "%s,2027-02-01\n", p)
	}
	e.Reset()
	if err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "cancels.csv", cancels.String()), "--unordered"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	cl := batchLines(t, e.Out.String())
	if len(cl) != 3 {
		t.Fatalf("cancel lines: %s", e.Out)
	}
	for _, l := range cl {
		if l.Outcome != "ok" || l.Result["success"] != true || l.Input["policy_number"] == "" {
			t.Fatalf("cancel line: %+v", l)
		}
	}
	// Cancelling again is the provider's refusal on every line: exit 4.
	e.Reset()
	err = execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "again.csv", cancels.String()))
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, l := range batchLines(t, e.Out.String()) {
		if l.Outcome != "refused" || l.ExitCode != 4 {
			t.Fatalf("second cancel: %+v", l)
		}
	}
}

func TestBatchCancelTakesNoArgument(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", "x.csv", "P1")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestBatchResumeReportsAnUnknownCancellationWithoutResending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	content := "policy_number\nP2611230000000001\n"
	// An earlier run sent this cancellation and died before the answer.
	body := `{"policy_number":"P2611230000000001"}`
	if err := e.Store.PutBatchLine(t.Context(), "cancel", config.SandboxProfile, batch.Hash([]byte(body)), store.BatchLine{Line: 2, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "c.csv", content), "--resume")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	l := batchLines(t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "unknown" {
		t.Fatalf("%s", e.Out)
	}
	// The hint agrees with the single command's: cancelling the policy
	// again settles it, and since --resume will not, it names the command
	// (with this run's -p, so it works when pasted).
	for _, want := range []string{"--resume does not send this line again", "cancel policy P2611230000000001 again on its own",
		"`insure -p sandbox cancel --provider ebao P2611230000000001 --yes`", "already cancelled"} {
		if !strings.Contains(l[0].Hint, want) {
			t.Errorf("hint %q does not say %q", l[0].Hint, want)
		}
	}
	if strings.Contains(l[0].Hint, "ask eBao") {
		t.Errorf("hint %q still sends the user to eBao", l[0].Hint)
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "cancel") {
			t.Fatalf("resent: %v", e.ReceivedPaths())
		}
	}
}

// A line whose answer is lost in the run itself gets the same hint, with
// the line's own type, date and channel in the command that settles it,
// rather than the single command's "run the same cancel again", which
// a resumed batch would not do.
func TestBatchUnknownCancellationNamesTheCommandThatSettlesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/endorsement/cancellation=act-then-drop"})
	e.F.Globals.Yes = true
	content := "policy_number,type,date\nP2611230000000001,APLY_BY_INSURER,2027-02-01\n"
	err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao", "--batch", tempFile(t, "c.csv", content), "--channel", "AXA TP")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	l := batchLines(t, e.Out.String())
	want := "`insure -p sandbox cancel --provider ebao P2611230000000001 --type APLY_BY_INSURER --date 2027-02-01 --channel 'AXA TP' --yes`"
	if len(l) != 1 || l[0].Outcome != "unknown" || !strings.Contains(l[0].Hint, want) || !strings.Contains(l[0].Hint, "--resume does not send this line again") {
		t.Fatalf("want %s in the hint: %s", want, e.Out)
	}
}
