package quote

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A read-only control of the platform's form cannot be changed with
// --set: exit 2 naming the key.
func TestSunshineReadOnlyControlIsNotChanged(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	args := append(append([]string{}, newArgs...), vehicleSets...)
	err := runSunshineQuote(e, append(args, "--set", "ownerName=李四")...)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "ownerName") || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A date in the wrong format says so, not that it is not an option.
func TestSunshineBadDateSaysDate(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	args := append(append([]string{}, newArgs...), vehicleSets...)
	err := runSunshineQuote(e, append(args, "--set", "firstRegisterDate=2020/05/06")...)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "yyyy-MM-dd") || strings.Contains(err.Error(), "options") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
