package paoding

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A password set in the environment but refused (white space around it)
// is reported with the reason, not as missing.
func TestRefusedEnvironmentPasswordSaysWhy(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	t.Setenv("INSURE_PAODING_PASSWORD", " sandbox-4s-pass")
	err := run(e, "--username", "acme")
	if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "paoding.password: INSURE_PAODING_PASSWORD has white space") || strings.Contains(msg, "is required") || strings.Contains(msg, "sandbox-4s-pass") {
		t.Fatalf("does not say why the password was refused: %v", err)
	}
}
