package paoding

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// An empty stdin behind --password-stdin is reported with the other bad
// fields at once, and the profile's password does not stand in for it.
func TestEmptyPasswordStdinReportedWithOtherBadFields(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("\n")
	err := run(e, "--username", "1234567890123456", "--password-stdin", "--verify", "xyz")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var got []string
	for _, f := range fe.Fields {
		got = append(got, f.Field)
	}
	if strings.Join(got, ",") != "--password-stdin,--username,--verify" {
		t.Fatalf("fields %q", got)
	}
	if e.Out.Len() != 0 {
		t.Fatalf("printed %q", e.Out.String())
	}
}
