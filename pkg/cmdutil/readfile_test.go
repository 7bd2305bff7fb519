package cmdutil_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

func usageError(t *testing.T, err error, parts ...string) {
	t.Helper()
	fe, ok := err.(*failure.Error)
	if !ok || fe.Kind != failure.Usage || fe.ExitCode() != 2 {
		t.Fatalf("want a usage error, got %v", err)
	}
	for _, p := range parts {
		if !strings.Contains(fe.Message, p) {
			t.Errorf("message %q lacks %q", fe.Message, p)
		}
	}
}

func TestReadFileRefusesDevZeroQuickly(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	start := time.Now()
	_, err := cmdutil.ReadFile("/dev/zero", nil, 4<<20)
	usageError(t, err, "/dev/zero", "4194304")
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}

func TestReadFileRefusesASparseGiBWithoutReadingIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	_, err = cmdutil.ReadFile(path, nil, 1<<20)
	usageError(t, err, path, "1073741824 bytes", "1048576")
	if time.Since(start) > time.Second {
		t.Errorf("took %s: the file was read", time.Since(start))
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.json")
	_ = os.WriteFile(path, []byte(`{"a":1}`), 0o600)
	if b, err := cmdutil.ReadFile(path, nil, 7); err != nil || string(b) != `{"a":1}` {
		t.Errorf("%q %v", b, err)
	}
	_, err := cmdutil.ReadFile(path, nil, 6)
	usageError(t, err, "7 bytes", "6 bytes")
	if b, err := cmdutil.ReadFile("-", strings.NewReader("abc"), 3); err != nil || string(b) != "abc" {
		t.Errorf("stdin: %q %v", b, err)
	}
	_, err = cmdutil.ReadFile("-", strings.NewReader("abcd"), 3)
	usageError(t, err, "stdin", "3 bytes")
	_, err = cmdutil.ReadFile(filepath.Join(t.TempDir(), "missing.json"), nil, 3)
	usageError(t, err, "missing.json", "no such file")
}
