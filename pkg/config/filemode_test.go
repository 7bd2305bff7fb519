package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/builtin"
)

// The warning about a config file's mode names who can read or change it:
// 0640 lets its group read it, not others, and saying "others" sent users
// looking for a problem that was not there.
func TestModeWarningNamesWhoTheModeLetsIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("profiles: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode    os.FileMode
		says    []string
		notSays []string
	}{
		{0o640, []string{"is readable by its group (mode 0640)", "may hold secrets", "chmod 600 " + path}, []string{"others", "writable"}},
		{0o604, []string{"is readable by others (mode 0604)", "may hold secrets"}, []string{"group"}},
		{0o644, []string{"is readable by its group and others (mode 0644)"}, []string{"writable"}},
		{0o664, []string{"readable by its group and others, writable by its group (mode 0664)", "change where your requests go"}, nil},
		{0o620, []string{"is writable by its group (mode 0620)", "change where your requests go", "chmod 600"}, []string{"readable", "secrets"}},
	} {
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path, builtin.Registry())
		if err != nil {
			t.Fatal(err)
		}
		w := strings.Join(c.Warnings, "\n")
		for _, s := range tc.says {
			if !strings.Contains(w, s) {
				t.Errorf("mode %04o: %q does not say %q", tc.mode, w, s)
			}
		}
		for _, s := range tc.notSays {
			if strings.Contains(w, s) {
				t.Errorf("mode %04o: %q says %q", tc.mode, w, s)
			}
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, _ := Load(path, builtin.Registry()); len(c.Warnings) != 0 {
		t.Errorf("0600 warned: %q", c.Warnings)
	}
}
