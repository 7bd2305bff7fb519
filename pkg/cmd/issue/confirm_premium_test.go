package issue

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The question that commits the customer names the premium this machine
// was quoted, and the insured person when the holder is someone else: it
// named only the quotation number, the holder and the dates.
func TestConfirmationNamesThePremiumAndTheInsured(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := quoteNumber(t, e)
	err := run(e, "--provider", "ebao", "-f", quoteFile, "--quote", q, "--set", "policyInsuredPeople[0].ISP001=李四")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"premium payable 30 yuan as quoted", "insuring 李四", q} {
		if !strings.Contains(fe.Hint, want) {
			t.Errorf("want %q in the question: %q", want, fe.Hint)
		}
	}
	if sentIssuance(e) {
		t.Fatal("sent without --yes")
	}
}

// An issuance whose answer is lost: the hint gives the one command that
// settles it, whole (file, quotation, --yes), and no longer also says to
// ask eBao before sending it again, which contradicted it.
func TestLostIssuanceHintGivesTheWholeCommandThatSettlesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/policies/issuances=act-then-drop"})
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", "-f", quoteFile, "--quote", q)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 5 || !errors.As(err, &fe) || !fe.Unknown {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	want := "`insure -p sandbox issue --provider ebao -f " + quoteFile + " --quote " + q + " --yes`"
	if !strings.Contains(fe.Hint, want) || strings.Contains(fe.Hint, "ask eBao") || !strings.Contains(fe.Hint, "find "+q) {
		t.Fatalf("want %s, and no 'ask eBao', in the hint: %q", want, fe.Hint)
	}
}
