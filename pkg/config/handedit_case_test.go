package config

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

// A hand-edited file holding "Prod:" and "prod:" was read as one profile
// holding only one of the two mappings: the other's providers were gone
// without a word, and the next save wrote the file without them. Such a
// file is refused (exit 2) naming both lines, as YAML refuses a name
// written twice in the same case, and nothing is lost.
func TestANameWrittenTwiceInDifferentCaseIsRefused(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"profiles:\n  Prod:\n    paoding: {endpoint: \"http://a.example\"}\n  prod:\n    ebao: {endpoint: \"http://b.example\"}\n",
			`line 4: profile "prod" is also written as "Prod" at line 2`},
		{"profiles:\n  prod:\n    Paoding: {endpoint: \"http://a.example\"}\n    paoding: {username: u}\n",
			`line 4: in profile prod, provider "paoding" is also written as "Paoding" at line 3`},
		{"profiles:\n  prod:\n    paoding:\n      Username: u1\n      username: u2\n",
			`line 5: in profile prod, paoding key "username" is also written as "Username" at line 4`},
		{"Current-Profile: a\ncurrent-profile: b\nprofiles: {}\n",
			`line 2: "current-profile" is also written as "Current-Profile" at line 1`},
	} {
		path := writeConfig(t, tc.body)
		_, err := Load(path, builtin.Registry())
		fe := &failure.Error{}
		if failure.KindOf(err) != failure.Usage || !errors.As(err, &fe) {
			t.Fatalf("%q: want a usage error, got %v", tc.body, err)
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(fe.Hint, "keep one") {
			t.Errorf("%q:\n got %v (hint %q)\nwant %s", tc.body, err, fe.Hint, tc.want)
		}
		if b, _ := os.ReadFile(path); string(b) != tc.body {
			t.Errorf("the file was changed: %q", b)
		}
	}
	// Different names in any case are still fine.
	path := writeConfig(t, "profiles:\n  Prod:\n    EBAO: {Endpoint: \"http://a.example\"}\n  test:\n    ebao: {endpoint: \"http://b.example\"}\n")
	if _, err := Load(path, builtin.Registry()); err != nil {
		t.Fatal(err)
	}
}

// A tab in the indentation is refused by YAML as "found character that
// cannot start any token", which does not say what to change.
func TestATabIndentedLineIsNamedAsSuch(t *testing.T) {
	path := writeConfig(t, "profiles:\n  x:\n\tpaoding:\n      endpoint: http://a.example\n")
	_, err := Load(path, builtin.Registry())
	fe := &failure.Error{}
	if failure.KindOf(err) != failure.Usage || !errors.As(err, &fe) {
		t.Fatalf("want a usage error, got %v", err)
	}
	if !strings.Contains(fe.Hint, "line 3 is indented with a tab: YAML indents with spaces only") {
		t.Errorf("hint %q", fe.Hint)
	}
	// A YAML error on a line without a tab gets no such hint.
	path = writeConfig(t, "profiles: [\n")
	if _, err := Load(path, builtin.Registry()); !errors.As(err, &fe) || strings.Contains(fe.Hint, "tab") {
		t.Errorf("%v (hint %q)", err, fe.Hint)
	}
}

// A config file insure may not read (another user's, mode 0600) was exit
// 1 with the system's words alone; it now says what to check. Root reads
// any file, so this runs as another user only.
func TestAnUnreadableFileSaysWhatToCheck(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a file of mode 0000")
	}
	path := writeConfig(t, "profiles:\n  a:\n    paoding: {username: u}\n")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, builtin.Registry())
	fe := &failure.Error{}
	if !errors.As(err, &fe) || fe.Kind.ExitCode() != 1 || !strings.Contains(fe.Message, "reading "+path) ||
		!strings.Contains(fe.Hint, "check the file's owner and permissions (ls -l "+path) {
		t.Fatalf("%v (hint %q)", err, fe.Hint)
	}
}
