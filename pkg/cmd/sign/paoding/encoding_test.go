package paoding

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A user name typed in a terminal set to GBK is exit 2 naming the flag,
// not a sign over bytes the token request does not send as such.
func TestUsernameNotUTF8IsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("pw")
	err := run(e, "--username", "\xbe\xa9", "--password-stdin")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--username: is not UTF-8") || !strings.Contains(err.Error(), "--username acme") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("printed %q", e.Out)
	}
}
