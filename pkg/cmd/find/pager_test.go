package find_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// quotedOften records a car quoted n times: a story longer than a pipe
// holds (64 KiB) from about 600 steps.
func quotedOften(t *testing.T, e *cmdtest.Env, n int) {
	t.Helper()
	start := time.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: start.Add(time.Duration(i) * time.Minute), Profile: "sandbox",
			Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://x", Status: 200,
			Keys: map[string]string{"plate": "沪A6U615", "quotationNumber": fmt.Sprintf("Q26120200%08d", i)}}); err != nil {
			t.Fatal(err)
		}
	}
}

// pagerTo is a pager command, a shell script that writes what it is
// given to a file, and the file.
func pagerTo(t *testing.T) (command, file string) {
	t.Helper()
	dir := t.TempDir()
	file = filepath.Join(dir, "paged.txt")
	script := filepath.Join(dir, "pager.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ncat > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return script + " " + file, file
}

// A long story on a terminal goes through INSURE_PAGER's pager; the
// hints on stderr come after it.
func TestFindOnATerminalGoesThroughThePager(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	quotedOften(t, e, 30)
	command, file := pagerTo(t)
	e.F.IOStreams.SetPager(command)
	out := run(t, e, "find", "沪A6U615")
	paged, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(paged), "quotation Q2612020000000029 quoted") || !strings.Contains(string(paged), "30 steps: 30 quoted") {
		t.Fatalf("the pager got %q (%v)", paged, err)
	}
	if out != "" {
		t.Errorf("stdout had the story besides the pager:\n%s", out)
	}
	if !strings.Contains(e.ErrOut.String(), "history show ID") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
}

// In a pipe, and on a terminal with -o json or --jq, nothing is paged.
func TestFindIsNotPagedInAPipeOrAsJSON(t *testing.T) {
	for _, c := range []struct {
		tty  bool
		args []string
	}{{false, []string{"-o", "table"}}, {false, nil}, {true, []string{"-o", "json"}}, {true, []string{"--jq", ".key"}}} {
		e := cmdtest.New(t, cmdtest.Options{TTY: c.tty})
		quotedOften(t, e, 3)
		command, file := pagerTo(t)
		e.F.IOStreams.SetPager(command)
		out := run(t, e, append([]string{"find", "沪A6U615"}, c.args...)...)
		if _, err := os.Stat(file); err == nil || !strings.Contains(out, "沪A6U615") {
			t.Errorf("tty=%v %v: paged (stdout %q)", c.tty, c.args, out)
		}
	}
}

// The person quits the pager (q) on the first screen of a long story:
// find exits 0 and says nothing of a broken pipe.
func TestFindSucceedsWhenThePagerQuitsAtOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	quotedOften(t, e, 1500)
	e.F.IOStreams.SetPager("true")
	if code := exec(e, "find", "沪A6U615"); code != 0 || strings.Contains(e.ErrOut.String(), "pipe") {
		t.Fatalf("exit %d\n%s", code, e.ErrOut.String())
	}
}
