package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// plate and LicenseNo name one field: only the first was looked up.
func TestBatchRenewRefusesTwoNamesOfThePlate(t *testing.T) {
	e := newEnv(t, false)
	e.In.WriteString("plate,LicenseNo,city\n京J97896,京A12345,北京\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-"})
	err := cmd.Execute()
	type line struct{ Outcome, Message string }
	lines := cmdtest.JSONLines[line](t, e.Out.String())
	if cmdutil.ExitCode(err) != 2 || len(e.paths()) != 0 || len(lines) != 1 ||
		!strings.Contains(lines[0].Message, `"plate" and "LicenseNo" are two names of one field`) {
		t.Fatalf("exit %d (%v), sent %v, lines %+v", cmdutil.ExitCode(err), err, e.paths(), lines)
	}
}
