package cancel

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
	"github.com/spf13/cobra"
)

var quoteFile = filepath.Join("..", "..", "..", "examples", "ebao", "quote.json")

func execute(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.Execute()
}

func run(e *cmdtest.Env, args ...string) error { return execute(e, NewCmdCancel(e.F, nil), args...) }

func sentCancellation(e *cmdtest.Env) bool {
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "/cancellation") {
			return true
		}
	}
	return false
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdCancel(e.F, func(o *Options) error { got = o; return nil })
	if err := execute(e, cmd, "--provider", "ebao", "P1", "--type", "APLY_BY_INSURER", "--date", "2015-01-01", "--channel", "CHANNEL01"); err != nil {
		t.Fatal(err)
	}
	if got.PolicyNumber != "P1" || got.Type != "APLY_BY_INSURER" || got.Date != "2015-01-01" || got.Channel != "CHANNEL01" {
		t.Fatalf("%+v", got)
	}
	got = nil
	if err := execute(e, NewCmdCancel(e.F, func(o *Options) error { got = o; return nil }), "--provider", "ebao", "P1"); err != nil || got.Type != "APLY_BY_POLICY_HOLDER" {
		t.Fatalf("default type: %+v %v", got, err)
	}
	if err := execute(e, NewCmdCancel(e.F, nil), "--provider", "ebao"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("no policy number: %v", err)
	}
}

// flow runs quote, issue and cancel as a user would, each command reading
// only what the previous one printed, in a pipe (JSON) or on a terminal.
func flow(t *testing.T, tty bool) {
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	if !tty {
		e.F.Globals.Yes = true
	}
	number := func(re string) string {
		t.Helper()
		m := regexp.MustCompile(re).FindString(e.Out.String())
		if m == "" {
			t.Fatalf("no %s in %q", re, e.Out.String())
		}
		e.Reset()
		return m
	}
	if err := execute(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "-f", quoteFile); err != nil {
		t.Fatal(err)
	}
	q := number(`Q\d{16}`)
	e.Prompts.Answers = map[string]any{"Issue a policy from quotation " + q + "*": true}
	if err := execute(e, issue.NewCmdIssue(e.F, nil), "--provider", "ebao", "-f", quoteFile, "--quote", q); err != nil {
		t.Fatal(err)
	}
	p := number(`P\d{16}`)
	e.Prompts.Answers = map[string]any{"Cancel policy " + p + " (APLY_BY_POLICY_HOLDER, applied 2027-02-01 Beijing time)? This cannot be undone.": true}
	if err := run(e, "--provider", "ebao", p, "--date", "2027-02-01"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	var endorsement string
	if tty {
		if !strings.Contains(out, "endorsement number:") || !strings.Contains(out, "cancelled:") || !strings.Contains(out, "yes") {
			t.Fatalf("table: %q", out)
		}
		endorsement = regexp.MustCompile(`E\d{16}`).FindString(out)
		if len(e.Prompts.Asked) != 2 {
			t.Fatalf("asked %q", e.Prompts.Asked)
		}
	} else {
		var r struct {
			Endorsement string `json:"endorsement_number"`
			Success     bool   `json:"success"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || !r.Success {
			t.Fatalf("stdout %q", out)
		}
		endorsement = r.Endorsement
	}
	ctx := t.Context()
	if _, err := e.Store.GetRecord(ctx, config.SandboxProfile, "ebao", "endorsement", endorsement); err != nil {
		t.Fatalf("endorsement %q not recorded: %v", endorsement, err)
	}
	if rec, err := e.Store.GetRecord(ctx, config.SandboxProfile, "ebao", "policy", p); err != nil || !strings.Contains(string(rec.Body), "CANCELLED") {
		t.Fatalf("policy record not marked cancelled: %v", err)
	}
	// A second cancellation is the service's refusal, with the field named.
	e.Reset()
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", p)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "policyNumber") {
		t.Fatalf("second cancel: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestQuoteIssueCancelInPipe(t *testing.T)     { flow(t, false) }
func TestQuoteIssueCancelOnTerminal(t *testing.T) { flow(t, true) }

func TestCancelInPipeNeedsYes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "P2611230000000001")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") || sentCancellation(e) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestBadTypeDateAndChannelAreAllNamed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "P2611230000000001", "--type", "BY_ME", "--date", "2015-02-30", "--channel", " ")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, f := range []string{"applicationType:", "applicationDate:", "channelCode:"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}

func TestDryRunBuildsTheBodyFromArguments(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.DryRun = true
	if err := run(e, "--provider", "ebao", "P2611230000000001", "--type", "APLY_BY_INSURER", "--date", "2015-01-01"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	want := "{\n  \"policyNumber\": \"P2611230000000001\",\n  \"channelCode\": \"AXA_TP\",\n  \"applicationDate\": \"2015-01-01T00:00:00.000Z\",\n  \"applicationType\": \"APLY_BY_INSURER\"\n}\n"
	if !strings.HasSuffix(e.Out.String(), want) || !strings.Contains(e.Out.String(), "/pa_web/api/endorsement/cancellation?") {
		t.Fatalf("dry run: %s", e.Out.String())
	}
	if len(e.Prompts.Asked) != 0 || len(e.Received()) != 0 {
		t.Fatal("asked or sent under --dry-run")
	}
}

func TestTamperedAnswerIsExit6(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=tamper"})
	e.F.Globals.Yes = true
	// The policy does not exist, so the (tampered) answer is a 400; its
	// signature is still checked.
	err := run(e, "--provider", "ebao", "P2611230000000001")
	if cmdutil.ExitCode(err) != 6 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v; stdout %q", cmdutil.ExitCode(err), err, e.Out.String())
	}
}

// A --jq runtime error after a cancellation: exit 8, the policy named.
func TestJQFailureAfterCancelIsExit8(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.Yes = true
		e.F.IOStreams.SetStdoutTTY(false)
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
		e.F.IOStreams.SetStdoutTTY(tty)
		e.F.Globals.JQ = `error("boom")`
		err := run(e, "--provider", "ebao", p, "--date", "2027-02-01")
		if cmdutil.ExitCode(err) != cmdutil.ExitActDoneOutputFailed || !strings.Contains(err.Error(), "cancelled policy "+p) || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
	}
}

// hostileEbao is a profile "staging" whose eBao endpoint answers every
// request 200 with body, validly signed.
func hostileEbao(t *testing.T, tty bool, body string) *cmdtest.Env {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(body), ebaosb.TestSecretKey))
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
		"endpoint": srv.URL, "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
	e.F.Globals.Profile, e.F.Globals.Yes = "staging", true
	return e
}

// A cancellation answer with neither "success": true nor an endorsement
// number is not a cancellation.
func TestCancelWithoutSuccessIsNotSuccess(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := hostileEbao(t, tty, `{"result":"E1506160000000003"}`)
		err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01")
		fe := &failure.Error{}
		if cmdutil.ExitCode(err) != 6 || !errors.As(err, &fe) || !fe.Unknown || !strings.Contains(fe.Hint, "P2701160000000001") {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if strings.Contains(e.Out.String(), "E1506160000000003") {
			t.Fatalf("printed as a success: %q", e.Out.String())
		}
		if _, gerr := e.Store.GetRecord(t.Context(), "staging", "ebao", "endorsement", "E1506160000000003"); gerr == nil {
			t.Fatal("recorded as a cancellation")
		}
	}
}

// The document's table of the cancellation answer lists the endorsement
// number alone (its example adds "success": true): an answer carrying only
// the number is the cancellation, printed and recorded. It was reported
// as an unknown outcome, exit 6.
func TestCancelAnswerWithOnlyTheEndorsementNumberIsACancellation(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := hostileEbao(t, tty, `{"endorsement_number":"E1506160000000003"}`)
		if err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"); err != nil {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if !strings.Contains(e.Out.String(), "E1506160000000003") {
			t.Fatalf("tty %v: the endorsement number is not printed: %q", tty, e.Out.String())
		}
		if _, gerr := e.Store.GetRecord(t.Context(), "staging", "ebao", "endorsement", "E1506160000000003"); gerr != nil {
			t.Fatalf("tty %v: not recorded as a cancellation: %v", tty, gerr)
		}
	}
}

// A signed error body is the service's refusal: exit 4 with its message.
func TestCancelSignedErrorBodyIsRefusal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := hostileEbao(t, tty, `{"status":400,"error":"Bad Request","message":"policy P2701160000000001 is already cancelled"}`)
		err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01")
		if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "already cancelled") || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"400"`) {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
	}
}
