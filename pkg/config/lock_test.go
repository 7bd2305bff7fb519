package config

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/builtin"
)

func helperCmd(mode, path, name string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "INSURE_CONFIG_TEST_PATH="+path, "INSURE_CONFIG_TEST_NAME="+name)
	return cmd
}

func TestConcurrentUpdatesFromTwentyProcessesAreAllKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure", "config.yaml")
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := helperCmd("update", path, fmt.Sprintf("p%02d", i)).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.File.Profiles) != n {
		t.Fatalf("%d of %d profiles kept: %v", len(c.File.Profiles), n, c.ProfileNames())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".config.yaml.") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestCrashMidWriteLeavesNoTempFileAfterTheNextWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	cmd := helperCmd("crash", path, "")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		t.Fatal(err)
	}
	tmp := strings.TrimSpace(line)
	// SIGKILL between creating the temporary file and renaming it.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	st, err := os.Stat(tmp)
	if err != nil {
		t.Fatalf("the crash should have left %s: %v", tmp, err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("temporary file created with mode %o, want 0600", st.Mode().Perm())
	}
	// The next write, under the lock, removes it whatever its age.
	c := &Config{Path: path}
	c.File.CurrentProfile = "x"
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("leftover %s still there after the next write (%v)", tmp, err)
	}
}

func TestWriteFileAtomicRemovesOnlyStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "partner.pem")
	old := filepath.Join(dir, ".partner.pem.123456.tmp")
	legacy := filepath.Join(dir, ".partner.pem.987654")
	fresh := filepath.Join(dir, ".partner.pem.555.tmp")
	other := filepath.Join(dir, ".partner.pem.notes")
	for _, f := range []string{old, legacy, fresh, other} {
		if err := os.WriteFile(f, []byte("secret"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleTempAge)
	_ = os.Chtimes(old, long, long)
	_ = os.Chtimes(legacy, long, long)
	_ = os.Chtimes(other, long, long)
	if err := WriteFileAtomic(path, []byte("pem"), 0o644); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]bool{old: false, legacy: false, fresh: true, other: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(f), err == nil, want)
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Fatalf("mode %o", st.Mode().Perm())
	}
}
