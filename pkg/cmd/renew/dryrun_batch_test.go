package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/bihu"
)

// With no session cached, each line of `renew --batch --dry-run` (and
// --curl) shows the login it would start with and then its renewal, as
// the single command prints both; it showed the renewal alone. Nothing
// reaches Bihu.
func TestBatchDryRunShowsLoginThenRenewal(t *testing.T) {
	for _, curl := range []bool{false, true} {
		e := newEnv(t, false)
		e.F.Globals.DryRun, e.F.Globals.Curl = !curl, curl
		e.In.WriteString("plate,city\n京J97896,1\n京J97898,1\n")
		cmd := NewCmdRenew(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs([]string{"--batch", "-"})
		if err := cmd.Execute(); cmdutil.ExitCode(err) != 0 {
			t.Fatalf("curl %v: exit %d: %v\n%s", curl, cmdutil.ExitCode(err), err, e.ErrOut)
		}
		type line struct {
			Result struct {
				DryRun  bool   `json:"dry_run"`
				Request string `json:"request"`
			}
		}
		lines := cmdtest.JSONLines[line](t, e.Out.String())
		if len(lines) != 2 {
			t.Fatalf("curl %v: %d lines:\n%s", curl, len(lines), e.Out)
		}
		for i, l := range lines {
			rq := l.Result.Request
			login := strings.Index(strings.ToLower(rq), "/"+strings.ToLower(bihu.PathLogin))
			renewal := strings.Index(strings.ToLower(rq), "/"+strings.ToLower(bihu.PathRenewal))
			if !l.Result.DryRun || login < 0 || renewal < login {
				t.Errorf("curl %v: line %d shows\n%s", curl, i+2, rq)
			}
		}
		if p := e.paths(); len(p) != 0 {
			t.Errorf("curl %v: sent %v", curl, p)
		}
	}
}
