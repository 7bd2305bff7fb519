package issue

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// An issuance's --set of a member its document does not describe is
// warned of, as a quotation's is; quotationNumber is the issuance's own.
func TestIssuanceSetOfAnUndescribedMemberIsWarnedOf(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Yes = true, true
	// A dry run ends in its own error (exit 0: nothing sent).
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--set", "quotationNumber=Q2612010000000001", "--set", "policyNumber=P1"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	warned := e.ErrOut.String()
	if strings.Count(warned, "warning: --set") != 1 || !strings.Contains(warned, `warning: --set policyNumber: the document describes no member "policyNumber" at the top level`) {
		t.Errorf("stderr:\n%s", warned)
	}
}
