package list

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

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

// On a terminal the table goes through INSURE_PAGER's pager, and "N of M
// shown" comes on stderr after it; in a pipe, or as JSON, nothing is
// paged.
func TestListOnATerminalGoesThroughThePager(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	fill(t, e, 40)
	command, file := pagerTo(t)
	e.F.IOStreams.SetPager(command)
	out := list(t, e)
	paged, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(paged), "ID") || strings.Count(string(paged), "\n") != 31 || out != "" {
		t.Fatalf("pager got %q (%v); stdout %q", paged, err, out)
	}
	if !strings.Contains(e.ErrOut.String(), "30 of 40 shown") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	for _, c := range []struct {
		tty    bool
		format string
	}{{false, "table"}, {false, ""}, {true, "json"}} {
		e.F.IOStreams.SetStdoutTTY(c.tty)
		command, file := pagerTo(t)
		e.F.IOStreams.SetPager(command)
		out := listAs(t, e, c.format)
		if _, err := os.Stat(file); err == nil || !strings.Contains(out, "O-39") {
			t.Errorf("tty=%v -o %q: paged (stdout %q)", c.tty, c.format, out)
		}
	}
}

// The person quits the pager (q) on the first screen of a long list: the
// command exits 0 and says nothing of a broken pipe.
func TestListSucceedsWhenThePagerQuitsAtOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	fill(t, e, 1500)
	e.F.IOStreams.SetPager("true")
	err := listErr(e, "-L", "0")
	if cmdutil.ExitCode(err) != 0 || strings.Contains(e.ErrOut.String(), "pipe") {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
}
