package ebao

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// An empty stdin behind --secret-stdin is reported with the other bad
// fields at once, not instead of them.
func TestEmptySecretStdinReportedWithOtherBadFields(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	file := filepath.Join(t.TempDir(), "b.json")
	if err := os.WriteFile(file, []byte(`{"a":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "-f", file, "--secret-stdin", "--verify", "xyz")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var got []string
	for _, f := range fe.Fields {
		got = append(got, f.Field)
	}
	if strings.Join(got, ",") != "--verify,--secret-stdin,--access-key" {
		t.Fatalf("fields %q", got)
	}
}
