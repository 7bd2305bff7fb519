package quote

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// `--set plate=…` was taken without a word while the car's plate stayed
// as it was: the body's objects are open-ended, so the member is sent,
// but stderr now says the document has no such member and which it has
// there, without repeating the value. A documented member, a risk factor
// and a cover (products bring their own names) are not warned of.
func TestSetOfAMemberTheDocumentDoesNotDescribeIsWarnedOf(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "-f", example, "--set", "plate=京A99999", "--set", "insuredObjects.0.plate=京A99999",
		"--set", "policyHolder.PH013=13800138000", "--set", "insuredObjects.0.factor_table.NEW_FACTOR=1",
		"--set", "insuredObjects.0.componentSelection.ACC_BURN=false")
	if cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	warned := e.ErrOut.String()
	for _, want := range []string{
		`warning: --set plate: the document describes no member "plate" at the top level (its members there: campaigns, channelCode,`,
		`warning: --set insuredObjects.0.plate: the document describes no member "plate" in insuredObjects.0 (its members there: code, componentSelection, factor_table,`,
	} {
		if !strings.Contains(warned, want) {
			t.Errorf("stderr lacks %q:\n%s", want, warned)
		}
	}
	if n := strings.Count(warned, "warning: --set"); n != 2 || strings.Contains(warned, "京A99999") {
		t.Errorf("%d warnings, or the value repeated:\n%s", n, warned)
	}
	if !strings.Contains(e.Out.String(), "quotationNumber") {
		t.Errorf("the quotation was not made:\n%s", e.Out)
	}
}
