package ebao

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A secret key set in the environment but refused (too short to be
// masked) is reported with the reason, not as missing: "set
// INSURE_EBAO_SECRET_KEY" misled a user who had set it.
func TestRefusedEnvironmentSecretSaysWhy(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	file := filepath.Join(t.TempDir(), "b.json")
	if err := os.WriteFile(file, []byte(`{"a":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("INSURE_EBAO_SECRET_KEY", "abc")
	err := run(e, "-f", file, "--access-key", "TqlLeuUB1w")
	if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "ebao.secret-key: INSURE_EBAO_SECRET_KEY is 3 characters long") || strings.Contains(msg, "is required") {
		t.Fatalf("does not say why the secret was refused: %v", err)
	}
}
