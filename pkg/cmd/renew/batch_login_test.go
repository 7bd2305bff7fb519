package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/bihu"
)

// A batch whose login Bihu refuses (here 403: an agent it does not know)
// sends that login once, not once per line: every line would be refused
// the same way, and a long file would hammer the login with bad
// credentials. Every line still gets its own line, with the refusal.
func TestBatchSendsARefusedLoginOnce(t *testing.T) {
	e := newEnv(t, false)
	p, err := e.F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	p.Set(bihu.Provider, "agent-id", "999")
	e.F.Profile = func() (*config.Profile, error) { return p, nil }
	e.In.WriteString("plate\n京J97896\n京J97898\n京J97890\n京J97892\n京J97894\n京J97886\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--concurrency", "3"})
	err = cmd.Execute()
	if cmdutil.ExitCode(err) != 3 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	type line struct {
		Outcome, Code string
	}
	lines := cmdtest.JSONLines[line](t, e.Out.String())
	if len(lines) != 6 {
		t.Fatalf("%d output lines for 6 input lines:\n%s", len(lines), e.Out)
	}
	for i, l := range lines {
		if l.Outcome != "auth" || l.Code != "403" {
			t.Errorf("line %d: %+v, want auth 403", i+2, l)
		}
	}
	logins := 0
	for _, p := range e.paths() {
		if strings.Contains(strings.ToLower(p), "login") {
			logins++
		}
	}
	if logins != 1 {
		t.Fatalf("%d logins sent for one batch refused at login, want 1: %v", logins, e.paths())
	}
}
