package issue

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// Mobile numbers given in a script's underwriting answers meet the rule a
// terminal checks as they are typed (and --mobile before sending): a bad
// one is exit 2 before 120 goes, listed with every other bad answer. They
// were sent, and the platform's form gave no rule; the "malformed" list
// of a bad ID number and e-mail left the mobile out.
func TestSunshineBadMobileAnswersAreNotSent(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	session := quoteSunshine(t, e)
	e.F.Globals.Yes = true

	// Bad mobiles alone: 120 went out with them.
	e.Reset()
	only := NewCmdIssue(e.F, nil)
	only.SilenceUsage, only.SilenceErrors = true, true
	only.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
		"--set", "applicantMobile=1391234567", "--set", "addresseeMobile=abc"})
	if err := only.Execute(); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("bad mobiles only: exit %d (%v), sent %v", cmdutil.ExitCode(err), err, e.ReceivedPaths())
	}

	e.Reset()
	cmd := NewCmdIssue(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
		"--set", "applicantMobile=1391234567", "--set", "addresseeMobile=abc",
		"--set", "insuredIdNo=440106198001011231", "--set", "insuredEmail=foo"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if n := len(e.Received()); n != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	fe := err.(*failure.Error)
	got := map[string]failure.FieldError{}
	for _, f := range fe.Fields {
		got[f.Field] = f
	}
	for _, k := range []string{"applicantMobile", "addresseeMobile", "insuredIdNo", "insuredEmail"} {
		if _, ok := got[k]; !ok {
			t.Errorf("%s not listed: %+v", k, fe.Fields)
		}
	}
	for _, k := range []string{"applicantMobile", "addresseeMobile"} {
		if f := got[k]; !strings.Contains(f.Rule, "11 digits starting 13-19") || f.Example != "--set "+k+"=13800138000" {
			t.Errorf("%s: rule %q, example %q", k, f.Rule, f.Example)
		}
	}
	if !strings.Contains(fe.Message, "nothing was sent") {
		t.Errorf("message %q", fe.Message)
	}
}
