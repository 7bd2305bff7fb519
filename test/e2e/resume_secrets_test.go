package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// --show-secrets is for the run it is given to: a batch line's result is
// kept for --resume, and a later run without the flag printed the tokens
// that run had shown, in clear (and they stayed in clear on disk).
func TestResumeDoesNotPrintSecretsAnEarlierRunShowed(t *testing.T) {
	u := newUser(t)
	dir := t.TempDir()
	cases := []struct {
		name, file, content string
		args                []string
		secret              *regexp.Regexp
	}{
		{"paoding token", "tg.jsonl", "{}\n", []string{"api", "paoding", "token.generate"}, regexp.MustCompile(`"token":"([0-9a-f]{32})"`)},
		{"bihu page link", "s1.csv", "plate,city\n京J97896,北京\n", []string{"renew", "--provider", "bihu"}, regexp.MustCompile(`[?&]Token=([0-9A-F]{32})`)},
	}
	for _, c := range cases {
		file := filepath.Join(dir, c.file)
		if err := os.WriteFile(file, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{"-p", "sandbox"}, c.args...), "--batch", file)
		shown := u.run("", nil, append(args, "--show-secrets")...)
		m := c.secret.FindStringSubmatch(shown.stdout)
		if shown.code != 0 || m == nil {
			t.Fatalf("%s: exit %d, no secret shown with --show-secrets:\n%s\n%s", c.name, shown.code, shown.stdout, shown.stderr)
		}
		again := u.run("", nil, append(args, "--resume")...)
		var line struct{ Outcome string }
		if err := json.Unmarshal([]byte(again.stdout), &line); err != nil || line.Outcome != "skipped" {
			t.Fatalf("%s: resume: exit %d %v\n%s\n%s", c.name, again.code, err, again.stdout, again.stderr)
		}
		if strings.Contains(again.stdout, m[1]) {
			t.Errorf("%s: --resume without --show-secrets prints the secret:\n%s", c.name, again.stdout)
		}
	}
}
