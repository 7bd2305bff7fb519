// Package crashtest kills a writer mid-write: the crash tests of the
// config file and the local store run a helper test as a separate
// process, let it write, SIGKILL it at a random moment and check what it
// left behind.
package crashtest

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// KillDuringWrites starts the test named helper of the running test
// binary as a separate process, with env=path and env_FROM=from in its
// environment. The helper prints "ready", then each generation it has
// written, one a line. After a random 0-30 ms from "ready" the process is
// killed with SIGKILL; the result is the last generation it reported
// written (from when it reported none).
func KillDuringWrites(t *testing.T, env, path, helper string, from int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$")
	cmd.Env = append(os.Environ(), env+"="+path, env+"_FROM="+strconv.Itoa(from))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("helper did not start: %q", sc.Text())
	}
	lines := make(chan string, 1<<16)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	time.Sleep(time.Duration(rand.IntN(30_000)) * time.Microsecond)
	_ = cmd.Process.Kill()
	last := from
	for l := range lines {
		if n, err := strconv.Atoi(l); err == nil {
			last = n
		} else {
			t.Errorf("helper: %s", l)
		}
	}
	_ = cmd.Wait()
	return last
}
