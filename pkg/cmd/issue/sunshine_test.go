package issue

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
)

const examples = "../../../examples/sunshine/"

// The Sunshine flow through the top-level commands, in a pipe: quote with
// answers from a file, then issue the session with --yes.
func TestSunshineQuoteThenIssueInAPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	session := quoteSunshine(t, e)

	e.Reset()
	cmd := NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("issue without --yes: %v, sent %v", err, e.ReceivedPaths())
	}
	e.F.Globals.Yes = true
	// The 125 answer's PayNo is empty, as in the manual: 130 needs the
	// payment's serial number, so default flags stop before 130.
	cmd = NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "CheckPayNo") {
		t.Fatalf("issue without a payment serial number: %v", err)
	}
	e.Reset()
	cmd = NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "--check-pay-no", "B5000M386466139260786"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var issued struct {
		Step      string            `json:"step"`
		PolicyNos map[string]string `json:"policyNos"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &issued); err != nil || issued.Step != "130" || !strings.HasPrefix(issued.PolicyNos["biz"], "P") {
		t.Fatalf("issue printed %q", e.Out.String())
	}
}

// A --jq runtime error after a Sunshine issue: exit 8, the policy named.
func TestSunshineJQFailureAfterIssueIsExit8(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	session := quoteSunshine(t, e)
	e.Reset()
	e.F.Globals.Yes, e.F.Globals.JQ = true, `error("boom")`
	cmd := NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml", "--check-pay-no", "B5000M386466139260786"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != cmdutil.ExitActDoneOutputFailed || !strings.Contains(err.Error(), "issued Sunshine session "+session) ||
		!strings.Contains(err.Error(), "biz policy P") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestSunshineFlagsAreRefusedForEbao(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "ebao", "-f", "x.json", "--session", "S"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--session") {
		t.Fatalf("%v", err)
	}
}

// Outside the sandbox profile a Sunshine issue without --pay-no is exit 2
// naming the flag, and nothing is sent: no made-up PayOrderId.
func TestSunshineIssueWithoutPayNoOutsideTheSandbox(t *testing.T) {
	for _, tty := range []bool{false, true} {
		// A profile "staging" with the sandbox's keys, pointed at this
		// test's sandbox: anything but the sandbox profile.
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.UseProfileAt(t, "sunshine", e.SandboxBase(t, "sunshine"))
		e.F.IOStreams.SetStdoutTTY(false)
		session := quoteSunshine(t, e)
		e.Reset()
		e.F.IOStreams.SetStdoutTTY(tty)
		e.F.Globals.Yes = true
		cmd := NewCmdIssue(e.F, nil)
		cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml"})
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--pay-no") || len(e.Received()) != 0 {
			t.Fatalf("tty %v: exit %d: %v; sent %v", tty, cmdutil.ExitCode(err), err, e.ReceivedPaths())
		}
	}
}

// quoteSunshine runs the Sunshine quote from the example answers in a pipe
// and returns its session id; e's output is left as the quote printed it.
func quoteSunshine(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	q := quote.NewCmdQuote(e.F, nil)
	q.SetArgs([]string{"--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三",
		"--mobile", "13800000000", "-f", examples + "answers-quote.yaml"})
	if err := q.Execute(); err != nil {
		t.Fatal(err)
	}
	var quoted struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &quoted); err != nil || quoted.SessionID == "" {
		t.Fatalf("quote printed %q", e.Out.String())
	}
	return quoted.SessionID
}
