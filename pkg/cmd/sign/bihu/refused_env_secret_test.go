package bihu

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A secret key set in the environment but refused (too short to be
// masked) is reported with the reason, not as missing, by every
// operation.
func TestRefusedEnvironmentSecretSaysWhy(t *testing.T) {
	t.Setenv("INSURE_BIHU_SECRET_KEY", "abc")
	for _, args := range [][]string{
		{"login", "--agent-id", "102", "--username", "acme", "--timestamp", docTime},
		{"renew", "LicenseNo=京J97896", "CityCode=1", "AgentId=102", "Token=" + docToken, "TimeStamp=" + docTime},
		{"signout", "--agent-id", "102", "--token", docToken},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.Profile = "nope"
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
			t.Fatalf("%s: exit %d: %v", args[0], cmdutil.ExitCode(err), err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "bihu.secret-key: INSURE_BIHU_SECRET_KEY is 3 characters long") || strings.Contains(msg, "is required") {
			t.Errorf("%s: does not say why the secret was refused: %v", args[0], err)
		}
	}
}
