//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/builtin"
)

// A config file that another user owns can be rewritten by that user, to
// send this user's requests elsewhere: Load warns, naming the owner and
// the fix, as it does for a file others can read. A file of one's own, or
// root's, is no warning.
func TestLoadWarnsAboutAFileOwnedByAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user needs root")
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("profiles:\n  prod:\n    paoding: {username: acme, password: pw-Zq81-never-shown}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, builtin.Registry())
	if err != nil || len(c.Warnings) != 0 {
		t.Fatalf("own file: %v %q", err, c.Warnings)
	}
	const nobody = 65534
	if err := os.Chown(path, nobody, -1); err != nil {
		t.Fatal(err)
	}
	c, err = Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(c.Warnings, "\n")
	for _, want := range []string{path + " belongs to another user (uid 65534)", "run chown 0 " + path} {
		if !strings.Contains(w, want) {
			t.Errorf("%q not in warnings %q", want, w)
		}
	}
	if strings.Contains(w, "pw-Zq81-never-shown") {
		t.Error("the secret shows")
	}
}
