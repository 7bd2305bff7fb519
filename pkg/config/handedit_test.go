package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A YAML error quotes pieces of the file: a password written unquoted
// as "*Pw9..." is read as an alias, and the error named the anchor, that
// is the password. The error is still exit 2 naming the file, with the
// quoted piece masked.
func TestYAMLErrorDoesNotRepeatWhatItQuotes(t *testing.T) {
	for _, v := range []string{"*Pw9secretX", "!!int Pw9secretX"} {
		path := writeConfig(t, "profiles:\n  t:\n    paoding:\n      username: u\n      password: "+v+"\n")
		_, err := Load(path, builtin.Registry())
		if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), path+" is not valid YAML") {
			t.Fatalf("%s: %v", v, err)
		}
		fe := &failure.Error{}
		if !errors.As(err, &fe) || strings.Contains(err.Error()+fe.Hint, "Pw9secretX") || !strings.Contains(fe.Hint, "quote a value") {
			t.Fatalf("%s: %v (hint %q)", v, err, fe.Hint)
		}
	}
}

// YAML reads a plain 1.0 as the number 1 and 0102 as the octal 66:
// settings written by hand (an agent id, the API version, a secret key
// of digits) silently became other values, and the next save wrote them
// back changed. They are read, and kept, as written.
func TestNumbersAreReadAndSavedAsWritten(t *testing.T) {
	path := writeConfig(t, "\ufeffcurrent-profile: Test\r\nprofiles:\r\n  Test:\r\n    bihu:\r\n      agent-id: 0102\r\n      secret-key: 00123456\r\n"+
		"      city-code: 1.50\r\n      endpoint: http://lzl.91bihu.com\r\n    paoding:\r\n      api-version: 1.0\r\n      header-style: hyphens\r\n      username: 12345678901234567890\r\n")
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"bihu.agent-id": "0102", "bihu.secret-key": "00123456", "bihu.city-code": "1.50", "bihu.endpoint": "http://lzl.91bihu.com",
		"paoding.api-version": "1.0", "paoding.username": "12345678901234567890"}
	check := func(c *Config) {
		t.Helper()
		for k, w := range want {
			prov, key, _ := strings.Cut(k, ".")
			if got := c.File.Profiles["test"][prov][key]; got != w {
				t.Errorf("%s = %q, want %q", k, got, w)
			}
		}
	}
	check(c)
	if err := c.Update(func(*Config) error { return nil }); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `agent-id: "0102"`) || !strings.Contains(string(raw), `api-version: "1.0"`) {
		t.Fatalf("saved:\n%s", raw)
	}
	c, err = Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	check(c)
}

// A config.yaml linked from a dotfiles repository stays a link: the
// atomic write's rename replaced the link with a file, and the linked
// file silently went stale.
func TestSaveWritesThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "insure.yaml")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "insure", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dotfiles/insure.yaml", link); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} { // the target missing, then present
		c := &Config{Path: link, Schema: builtin.Registry()}
		if err := c.Update(func(c *Config) error {
			if c.File.Profiles == nil {
				c.File.Profiles = map[string]map[string]Section{}
			}
			c.File.Profiles[name] = map[string]Section{"paoding": {"username": name}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st.Mode(), err)
	}
	raw, _ := os.ReadFile(target)
	if !strings.Contains(string(raw), "a:") || !strings.Contains(string(raw), "b:") {
		t.Fatalf("target:\n%s", raw)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", st.Mode().Perm())
	}
}

// A folder that cannot be written: the error named only a temporary
// file (".config.yaml.123.tmp: permission denied"). It names the config
// file and the folder, and the file is unchanged.
func TestReadOnlyFolderNamesTheFileAndFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only folder")
	}
	for _, lockExists := range []bool{false, true} {
		readOnlyFolder(t, lockExists)
	}
}

func readOnlyFolder(t *testing.T, lockExists bool) {
	path := writeConfig(t, "profiles:\n  a:\n    paoding: {username: u}\n")
	dir := filepath.Dir(path)
	if lockExists { // an earlier write left it: the temporary file fails
		if err := os.WriteFile(LockPath(path), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	c := &Config{Path: path, Schema: builtin.Registry()}
	err := c.Update(func(c *Config) error { c.File.CurrentProfile = "a"; return nil })
	fe := &failure.Error{}
	if !errors.As(err, &fe) || fe.Kind.ExitCode() != 1 || !strings.Contains(fe.Message, "cannot write "+path) ||
		!strings.Contains(fe.Hint, "the folder "+dir+" must be writable") {
		t.Fatalf("lock file existed %v: %v (hint %q)", lockExists, err, fe.Hint)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), "current-profile") {
		t.Fatal("the file changed")
	}
}
