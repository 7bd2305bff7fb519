package issue

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The quote form asks for the start in Beijing and writes 00:00 Beijing as
// 16:00 UTC the day before; the question that commits the customer names
// the days of cover as the form took them, not the UTC calendar.
func TestConfirmationNamesTheDaysInBeijing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "-f", quoteFile, "--quote", "Q1",
		"--set", "effectiveDate=2030-01-15T16:00:00.000Z", "--set", "expiredDate=2031-01-15T15:59:59.000Z")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if fe.Provider != "ebao" || fe.Operation != "issuance" {
		t.Errorf("the refusal names %q %q, not ebao issuance", fe.Provider, fe.Operation)
	}
	if !strings.Contains(fe.Hint, "2030-01-16 to 2031-01-15 Beijing time") {
		t.Fatalf("hint: %q", fe.Hint)
	}
	if sentIssuance(e) {
		t.Fatal("sent without --yes")
	}
}
