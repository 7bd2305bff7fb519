//go:build unix

package e2e

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A batch whose reader exits (| head -1) is not killed by SIGPIPE with
// purchases in flight: it stops taking lines, finishes and records those
// in flight, says so with the resume command, and exits 8, as a single
// purchase whose result could not be printed does (it exited 1, which a
// script reads as "nothing happened"). The resumed
// batch buys the rest, and nothing is bought twice (the sandbox's own
// state holds one order per line).
func TestBatchWhoseReaderExitsStopsAndResumes(t *testing.T) {
	u := newUser(t)
	const n = 8
	var csv strings.Builder
	csv.WriteString("vin,brand_factory\n")
	for i := range n {
		fmt.Fprintf(&csv, "LSVAU2180N21836%02d,20\n", i)
	}
	file := filepath.Join(t.TempDir(), "cars.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd, stdout, stderr := u.startPiped("-p", "sandbox", "vin-report", "buy", "--batch", file, "--yes", "--rate", "20/s")
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(first, `"outcome":"ok"`) {
		t.Fatalf("first line %q: %v", first, err)
	}
	stdout.Close() // the reader exits, as head -1 does
	err = cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 8 {
		t.Fatalf("exit %d (%v), want 8 (not killed by SIGPIPE; purchases done and not printed)\n%s", code, err, stderr)
	}
	for _, want := range []string{"the output could not be written", "--resume", "broken pipe", "; exit 8\n", "were not printed", "do not send those lines again by hand"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	r := u.run("", nil, "-p", "sandbox", "vin-report", "buy", "--batch", file, "--yes", "--resume")
	if r.code != 0 || strings.Count(r.stdout, "\n") != n || !strings.Contains(r.stdout, `"outcome":"skipped"`) {
		t.Fatalf("resume: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	vins := sandboxOrdersByVIN(t, u)
	orders := 0
	for _, c := range vins {
		orders += c
	}
	if orders != n || len(vins) != n {
		t.Errorf("the sandbox holds %d orders for %d vehicles, want %d and %d", orders, len(vins), n, n)
	}
}

// A purchase whose stdout reader has already gone (| true) is not killed
// by SIGPIPE when it prints: it exits 8, the act went through, and stderr
// names the order so that nobody buys it again.
func TestActWhoseReaderHasGoneExits8(t *testing.T) {
	u := newUser(t)
	cmd, stdout, stderr := u.startPiped("-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183394", "--brand-factory", "20", "--order-id", "GONE-1", "--yes")
	stdout.Close()
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 8 {
		t.Fatalf("exit %d, want 8 (act done, output failed)\n%s", code, stderr)
	}
	for _, want := range []string{"bought order GONE-1", "do not repeat it"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	r := u.run("", nil, "-p", "sandbox", "vin-report", "get", "GONE-1", "--jq", ".orderId")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "GONE-1" {
		t.Errorf("the order is not there: %d %q %s", r.code, r.stdout, r.stderr)
	}
}

// startPiped starts insure with its stdout on a pipe the test reads (and
// may close, as a reader that exits does) and its stderr collected.
func (u *user) startPiped(args ...string) (*exec.Cmd, io.ReadCloser, *syncBuffer) {
	u.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = u.env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		u.t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		u.t.Fatal(err)
	}
	return cmd, stdout, stderr
}

// With -v the exchange goes to stderr as it happens; a stderr whose
// reader has gone (2>&1 | head -1) killed the purchase by SIGPIPE after
// the order was placed and before its journal row, so `find` knew
// nothing of it. It now finishes: the result on stdout, the journal row
// written.
func TestActWhoseStderrReaderHasGoneFinishes(t *testing.T) {
	u := newUser(t)
	if r := u.run("", nil, "-p", "sandbox", "token", "get", "--provider", "paoding"); r.code != 0 {
		t.Fatalf("token get: exit %d\n%s", r.code, r.stderr)
	}
	cmd := exec.Command(bin, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183421", "--brand-factory", "20", "--order-id", "PIPE-1", "--yes", "-v")
	// The answer comes after the reader has gone, as it does when head
	// has its line.
	cmd.Env = append(u.env, "INSURE_SANDBOX_FAULTS=paoding:/4s/report/buy=delay:2s")
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil {
		t.Fatalf("first stderr line %q: %v", first, err)
	}
	stderr.Close()
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit %d (%v), want 0: the purchase went through and its result was printed (first stderr line %q)\n%s", code, err, first, stdout.String())
	}
	if !strings.Contains(stdout.String(), "PIPE-1") {
		t.Errorf("stdout lacks the order:\n%s", stdout.String())
	}
	f := u.run("", nil, "-p", "sandbox", "find", "PIPE-1")
	if f.code != 0 || !strings.Contains(f.stdout, "PIPE-1") {
		t.Errorf("find PIPE-1: exit %d\n%s\n%s", f.code, f.stdout, f.stderr)
	}
}
