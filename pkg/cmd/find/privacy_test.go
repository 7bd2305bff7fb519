package find_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A resident ID number read out over the phone with a digit missed, or
// in the old 15-digit form, finds nothing; the error repeated it in
// clear, where an 18-digit one is masked.
func TestFindDoesNotRepeatAResidentIDWithADigitMissed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes")
	for _, key := range []string{"13245619900101123", "132456 19900101 123", "132456900101123"} {
		err := findErr(e, key)
		if all := e.Out.String() + e.ErrOut.String(); cmdutil.ExitCode(err) != 2 || strings.Contains(all, "900101") || !strings.Contains(all, `keyed "132*`) {
			t.Errorf("%q: exit %d:\n%s", key, cmdutil.ExitCode(err), all)
		}
	}
}

// An empty KEY (a variable a failed command left empty) said only "KEY
// must not be empty": it names what a KEY is, with an example.
func TestFindEmptyKeySaysWhatAKeyIs(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := findErr(e, " ")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "a plate or a VIN") || !strings.Contains(fe.Hint, "find SUP-1") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
