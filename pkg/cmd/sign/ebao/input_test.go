package ebao

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A --verify value that cannot be a signature is a typo, not a mismatch:
// exit 2 naming the rule before the body is hashed. An upper-case one is
// still a mismatch (6) that says why: eBao compares the text.
func TestVerifyThatIsNotThirtyTwoHexDigitsIsUsage(t *testing.T) {
	file := filepath.Join(examples, "quote.json")
	for _, bad := range []string{"xyz", "ff38ba8429025c18fe21a6cae7c5b2f", "ff38ba8429025c18fe21a6cae7c5b2fz"} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, "-f", file, "--verify", bad)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--verify: is an MD5 signature: 32 hex digits") || e.Out.Len() != 0 {
			t.Errorf("--verify %q: exit %d: %v, stdout %q", bad, cmdutil.ExitCode(err), err, e.Out.String())
		}
	}
}

// Every error names the provider and the operation (DESIGN), a missing
// body file too.
func TestMissingFileNamesProviderAndOperation(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "-f", filepath.Join(t.TempDir(), "nope.json"))
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || fe.Provider != "ebao" || fe.Operation != "sign" || !strings.Contains(err.Error(), "nope.json") {
		t.Fatalf("exit %d: %#v", cmdutil.ExitCode(err), err)
	}
}
