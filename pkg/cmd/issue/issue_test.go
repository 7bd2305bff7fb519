package issue

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

var (
	quoteFile = filepath.Join("..", "..", "..", "examples", "ebao", "quote.json")
	issueFile = filepath.Join("..", "..", "..", "examples", "ebao", "issue.json")
)

func execute(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.Execute()
}

func run(e *cmdtest.Env, args ...string) error { return execute(e, NewCmdIssue(e.F, nil), args...) }

// quoteNumber quotes the example in a pipe and returns its number.
func quoteNumber(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	tty := e.F.IOStreams.IsStdoutTTY()
	e.F.IOStreams.SetStdoutTTY(false)
	defer e.F.IOStreams.SetStdoutTTY(tty)
	if err := execute(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "-f", quoteFile); err != nil {
		t.Fatal(err)
	}
	var r struct{ QuotationNumber string }
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.QuotationNumber == "" {
		t.Fatalf("quote: %q", e.Out.String())
	}
	e.Reset()
	return r.QuotationNumber
}

func sentIssuance(e *cmdtest.Env) bool {
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "/issuances") {
			return true
		}
	}
	return false
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	var got *Options
	cmd := NewCmdIssue(e.F, func(o *Options) error { got = o; return nil })
	if err := execute(e, cmd, "--provider", "ebao", "-f", "-", "--quote", "Q1", "--set", "a=b"); err != nil {
		t.Fatal(err)
	}
	if got.Provider != "ebao" || got.File != "-" || got.Quote != "Q1" || len(got.Sets) != 1 || !got.Yes {
		t.Fatalf("%+v", got)
	}
	err := execute(e, NewCmdIssue(e.F, func(*Options) error { return nil }), "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "-f") {
		t.Fatalf("no -f: %v", err)
	}
}

func TestIssueInPipeNeedsYes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := quoteNumber(t, e)
	err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if sentIssuance(e) {
		t.Fatal("issued without --yes")
	}
}

func TestIssueInPipeWithYes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q); err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || !strings.HasPrefix(r["policyNumber"].(string), "P") || r["status"] != "EFFECTIVE" {
		t.Fatalf("stdout %q", e.Out.String())
	}
	if e.ErrOut.Len() != 0 {
		t.Fatalf("stderr in a pipe: %q", e.ErrOut.String())
	}
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "ebao", "policy", r["policyNumber"].(string))
	if err != nil || !strings.Contains(string(rec.Body), `"quotationNumber":"`+q+`"`) {
		t.Fatalf("policy not recorded: %v", err)
	}
}

func TestIssueOnTerminalAsks(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	q := quoteNumber(t, e)
	e.Prompts.Answers = map[string]any{"Issue a policy from quotation " + q + " for Shop.Zhang*": true}
	// The quote file itself works too: --quote adds the number.
	if err := run(e, "--provider", "ebao", "-f", quoteFile, "--quote", q); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "policy number:") || !strings.Contains(out, "EFFECTIVE") || !strings.Contains(out, q) {
		t.Fatalf("table: %q", out)
	}
	if !strings.Contains(e.ErrOut.String(), "insure -p sandbox cancel --provider ebao P") {
		t.Fatalf("no next step: %q", e.ErrOut.String())
	}
}

func TestIssueDeclinedSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	q := quoteNumber(t, e)
	e.Prompts.Answers = map[string]any{"Issue a policy*": false}
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q); err == nil || cmdutil.ExitCode(err) != 0 { // "no" is a decision, not a failure
		t.Fatalf("decline: %v", err)
	}
	if sentIssuance(e) {
		t.Fatal("issued after declining")
	}
}

func TestQuoteConflictingWithBodyIsUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "-f", issueFile, "--set", "quotationNumber=Q1", "--quote", "Q2")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "Q1") || len(e.Received()) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestDryRunShowsInsertedQuoteWithoutAsking(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.DryRun = true
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2611230000000009"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "POST /ebao/pa_web/api/policies/issuances?version=1&accessKey=TqlLeuUB1w&signature=") ||
		!strings.Contains(out, "{\n  \"quotationNumber\": \"Q2611230000000009\",\n  \"channelCode\"") {
		t.Fatalf("dry run: %s", out)
	}
	if len(e.Prompts.Asked) != 0 || len(e.Received()) != 0 {
		t.Fatalf("asked %q, sent %v", e.Prompts.Asked, e.ReceivedPaths())
	}
}

func TestTamperedAnswerIsExit6OutcomeUnknown(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/policies/issuances=tamper"})
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 6 || !errors.As(err, &fe) || !fe.Unknown || !strings.Contains(fe.Hint, q) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Fatalf("untrusted body on stdout: %q", e.Out.String())
	}
}

// A --jq runtime error after an issuance: exit 8 and the policy named.
func TestJQFailureAfterIssueIsExit8(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		q := quoteNumber(t, e)
		e.F.Globals.Yes, e.F.Globals.JQ = true, `error("boom")`
		err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q)
		if cmdutil.ExitCode(err) != cmdutil.ExitActDoneOutputFailed || !strings.Contains(err.Error(), "issued policy P") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		recs, _ := e.Store.ListRecords(t.Context(), config.SandboxProfile, "ebao", "policy", 10)
		if len(recs) != 1 || !strings.Contains(err.Error(), recs[0].ID) {
			t.Fatalf("records %v, err %v", recs, err)
		}
	}
}
