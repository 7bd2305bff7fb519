package cancel

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The question names the day of --date as typed in Beijing time, not the
// UTC day the body carries.
func TestConfirmationNamesTheDateInBeijing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "P2612010000000001", "--date", "2027-02-01T02:00:00+08:00")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if fe.Provider != "ebao" || fe.Operation != "cancellation" {
		t.Errorf("the refusal names %q %q, not ebao cancellation", fe.Provider, fe.Operation)
	}
	if !strings.Contains(fe.Hint, "applied 2027-02-01 Beijing time)") {
		t.Fatalf("hint: %q", fe.Hint)
	}
	if sentCancellation(e) {
		t.Fatal("sent without --yes")
	}
}
