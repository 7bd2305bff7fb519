package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doctor lists the config file's warnings (its mode, an unknown key) as
// checks of its report, and does not also print them on stderr: a person
// at a terminal read the mode problem twice, once as a warning line and
// once as the failed check under it. Other commands still print them.
func TestDoctorReportsConfigWarningsOnce(t *testing.T) {
	u := newUser(t)
	home := strings.TrimPrefix(u.env[0], "HOME=")
	path := filepath.Join(home, "config", "insure", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "current-profile: t\nprofils: x\nprofiles:\n  t:\n    paoding: {endpoint: \"http://127.0.0.1:1\", username: acme, password: doctor-test-password, api-version: \"1.0\"}\n"
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // past the umask
		t.Fatal(err)
	}

	r := u.run("", nil, "doctor", "--timeout", "2s")
	if r.code != 2 || strings.Contains(r.stderr, "chmod 600") || strings.Contains(r.stderr, "profils") {
		t.Fatalf("exit %d; stderr repeats what the report says:\n%s", r.code, r.stderr)
	}
	var rep struct {
		Checks []struct{ Name, Status, Detail, Hint string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	var mode, unknown int
	for _, c := range rep.Checks {
		switch {
		case c.Name == "config file" && c.Status == "fail" && strings.Contains(c.Hint, "chmod 600"):
			mode++
		case c.Name == "config file" && c.Status == "warn" && strings.Contains(c.Detail, `unknown top-level key "profils"`):
			unknown++
		case strings.Contains(c.Detail, "chmod 600"):
			t.Errorf("the mode is reported twice: %+v", c)
		}
	}
	if mode != 1 || unknown != 1 {
		t.Errorf("mode checks %d, unknown-key checks %d, want 1 each:\n%s", mode, unknown, r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, "doctor-test-password") {
		t.Error("the password reached the output")
	}

	// Any other command warns on stderr as before.
	r = u.run("", nil, "profile", "list")
	if !strings.Contains(r.stderr, "chmod 600") || !strings.Contains(r.stderr, "profils") {
		t.Errorf("profile list no longer warns:\n%s", r.stderr)
	}
}
