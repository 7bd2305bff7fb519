package issue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

type batchLine struct {
	Line     int               `json:"line"`
	Input    map[string]string `json:"input"`
	Outcome  string            `json:"outcome"`
	ExitCode int               `json:"exit_code"`
	Message  string            `json:"message"`
	Hint     string            `json:"hint"`
	Result   map[string]any    `json:"result"`
}

// compactIssue is examples/ebao/issue.json on one line, with quotationNumber
// q in front when q is not empty.
func compactIssue(t *testing.T, q string) string {
	t.Helper()
	raw, err := os.ReadFile(issueFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	if q == "" {
		return b.String()
	}
	return fmt.Sprintf(`{"quotationNumber":%q,%s`, q, strings.TrimPrefix(b.String(), "{"))
}

func writeLines(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "issues.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A line without its quotationNumber (the quote batch's input, not joined
// with the numbers it returned) is that line's usage error, saying how to
// add it: nothing is sent for it, where it used to be sent and refused.
func TestBatchLineWithoutQuotationNumberIsUsageAndSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "--batch", writeLines(t, compactIssue(t, ""), compactIssue(t, q)))
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	got := cmdtest.JSONLines[batchLine](t, e.Out.String())
	if len(got) != 2 || got[0].Outcome != "usage" || got[1].Outcome != "ok" {
		t.Fatalf("%s", e.Out)
	}
	if !strings.Contains(got[0].Message, "quotationNumber is missing") || !strings.Contains(got[0].Hint, "jq -c") {
		t.Errorf("line 1: %q / hint %q", got[0].Message, got[0].Hint)
	}
	issued := 0
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "/issuances") {
			issued++
		}
	}
	if issued != 1 {
		t.Errorf("%d issuances sent, want 1 (line 2's)", issued)
	}
}

// A malformed --set is the same for every line: one usage error before
// any line is read or sent, not one per line.
func TestBatchMalformedSetIsRefusedBeforeAnyLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "--batch", writeLines(t, compactIssue(t, "Q1"), compactIssue(t, "Q2")), "--set", "effectiveDate")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `--set "effectiveDate"`) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 || len(e.Received()) != 0 || strings.Contains(e.ErrOut.String(), "batch:") {
		t.Fatalf("lines ran: stdout %q, stderr %q, sent %v", e.Out, e.ErrOut, e.ReceivedPaths())
	}
}

// An issuance whose answer is lost in the batch: the line's hint gives the
// command that settles it (issuing the line again on its own: eBao refuses
// a quotation already issued), and the summary does not offer --resume,
// which would report the same line unknown again and again.
func TestBatchUnknownIssuanceNamesTheCommandThatSettlesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/policies/issuances=act-then-drop"})
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	file := writeLines(t, compactIssue(t, q))
	err := run(e, "--provider", "ebao", "--batch", file)
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	got := cmdtest.JSONLines[batchLine](t, e.Out.String())
	want := "`sed -n 1p " + file + " | insure -p sandbox issue --provider ebao -f - --yes`"
	if len(got) != 1 || got[0].Outcome != "unknown" || !strings.Contains(got[0].Hint, want) ||
		!strings.Contains(got[0].Hint, "--resume does not send this line again") || !strings.Contains(got[0].Hint, q) {
		t.Fatalf("want %s in the hint: %s", want, e.Out)
	}
	stderr := e.ErrOut.String()
	if strings.Contains(stderr, "resume with") || !strings.Contains(stderr, "1 line(s) with an unknown outcome: --resume does not send them again") {
		t.Errorf("summary: %s", stderr)
	}
}

// --resume after a run that died with an issuance in flight reports it
// unknown, sends nothing, and gives the same command.
func TestBatchResumeReportsAnUnknownIssuanceWithoutResending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	line := compactIssue(t, "Q2611230000000001")
	if err := e.Store.PutBatchLine(t.Context(), "issue", config.SandboxProfile, batch.Hash([]byte(line)), store.BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	e.F.IOStreams.In = strings.NewReader(line + "\n")
	err := run(e, "--provider", "ebao", "--batch", "-", "--resume")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	got := cmdtest.JSONLines[batchLine](t, e.Out.String())
	if len(got) != 1 || got[0].Outcome != "unknown" || strings.Contains(got[0].Hint, "ask eBao") ||
		!strings.Contains(got[0].Hint, "line 1 of the input piped to `insure -p sandbox issue --provider ebao -f - --yes`") {
		t.Fatalf("%s", e.Out)
	}
	if sentIssuance(e) {
		t.Fatalf("resent: %v", e.ReceivedPaths())
	}
	if strings.Contains(e.ErrOut.String(), "resume with") {
		t.Errorf("summary offers --resume again: %s", e.ErrOut)
	}
}

// --resume finds in the journal an issuance an earlier run left in flight
// but which went through (its result was written, the batch's own record
// of it lost to a kill -9), or which a later `issue` on its own settled:
// the line is ok with its policy, and nothing is sent. It used to be
// reported unknown on every --resume, whatever the user did.
func TestBatchResumeFindsAnIssuanceTheJournalHolds(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	line, policy := issuedLine(t, e)
	if err := e.Store.PutBatchLine(t.Context(), "issue", config.SandboxProfile, batch.Hash([]byte(line)), store.BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	e.F.IOStreams.In = strings.NewReader(line + "\n")
	if err := run(e, "--provider", "ebao", "--batch", "-", "--resume"); err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	got := cmdtest.JSONLines[struct {
		Outcome string
		Result  struct{ PolicyNumber string }
	}](t, e.Out.String())
	if len(got) != 1 || got[0].Outcome != "ok" || got[0].Result.PolicyNumber != policy {
		t.Fatalf("%s", e.Out)
	}
	if sentIssuance(e) {
		t.Fatalf("resent: %v", e.ReceivedPaths())
	}
}

// A batch killed while a line's issuance was in flight leaves no journal
// row of that attempt (rows are written after the answer). The re-run the
// line's hint prints is refused as already issued, and settled nothing:
// --resume reported the line unknown for ever. eBao's refusal is now the
// record --resume finds, and the line is ok with the policy it names.
func TestBatchResumeTakesTheRefusedRerunAsTheIssuance(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	line, policy := issuedLine(t, e)
	// The killed run's journal row never written: only its in-flight
	// entry stands.
	if _, err := e.Store.PruneJournal(t.Context(), store.PruneOptions{Before: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.PutBatchLine(t.Context(), "issue", config.SandboxProfile, batch.Hash([]byte(line)), store.BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	// The hint's re-run, on its own: refused, the policy named.
	e.Reset()
	e.F.IOStreams.In = strings.NewReader(line + "\n")
	if err := run(e, "--provider", "ebao", "-f", "-"); cmdutil.ExitCode(err) != 4 {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	e.Reset()
	e.F.IOStreams.In = strings.NewReader(line + "\n")
	if err := run(e, "--provider", "ebao", "--batch", "-", "--resume"); err != nil {
		t.Fatalf("exit %d: %v\n%s\n%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	got := cmdtest.JSONLines[struct {
		Outcome string
		Result  struct{ PolicyNumber string }
	}](t, e.Out.String())
	if len(got) != 1 || got[0].Outcome != "ok" || got[0].Result.PolicyNumber != policy {
		t.Fatalf("%s", e.Out)
	}
	if sentIssuance(e) {
		t.Fatalf("resent: %v", e.ReceivedPaths())
	}
}

// issuedLine quotes and issues the example on its own, as a batch line
// would have, and returns the line and the policy it became (e answers
// yes from here on).
func issuedLine(t *testing.T, e *cmdtest.Env) (line, policy string) {
	t.Helper()
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	line = compactIssue(t, q)
	e.F.IOStreams.In = strings.NewReader(line + "\n")
	if err := run(e, "--provider", "ebao", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	var issued struct{ PolicyNumber string }
	if err := json.Unmarshal(e.Out.Bytes(), &issued); err != nil || issued.PolicyNumber == "" {
		t.Fatalf("issue: %q", e.Out.String())
	}
	return line, issued.PolicyNumber
}
