package add

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// profile add sandbox is refused, and the hint said what a profile name
// is made of, which was not the problem. It says what can be done: a
// profile of one's own, or the sandbox's defaults in the file.
func TestAddSandboxSaysWhatCanBeDoneInstead(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "Sandbox", "--set", "defaults.output=yaml")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := shown(e, err)
	for _, s := range []string{"built-in profile", "a profile of your own", "profiles: {sandbox: {defaults: {output: json}}}"} {
		if !strings.Contains(msg, s) {
			t.Errorf("%q does not say %q", msg, s)
		}
	}
	if strings.Contains(msg, "letters, digits") {
		t.Errorf("the hint is about the name's characters: %s", msg)
	}
	notWritten(t, e)
}
