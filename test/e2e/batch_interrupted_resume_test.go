//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Ctrl-C in a --resume run, while a purchase is held by a hostile proxy
// (the platform placed the order, the answer never comes), before the
// run reached the lines an earlier run bought: those lines are still
// written as skipped, with their results, not as "not attempted, not
// sent" (which dropped their results from the output, and had a script
// send them again); exit 130; and the sandbox sold every vehicle once.
func TestInterruptedResumeStillSkipsTheLinesDoneBefore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sandbox server, a proxy and three batches")
	}
	u := newUser(t)
	p, url := newHostileProxy(t, serveSandbox(t, u), paodingBuyIsAct)
	env := []string{"INSURE_SANDBOX_URL=" + url}
	dir := t.TempDir()
	var done []string
	for i := range 3 {
		done = append(done, fmt.Sprintf("LSVAU2180N2%06d,20", 810+i))
	}
	first := filepath.Join(dir, "first.csv")
	if err := os.WriteFile(first, []byte("vin,brand_factory\n"+strings.Join(done, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := u.run("", env, "-p", "sandbox", "vin-report", "buy", "--batch", first, "--yes")
	if r.code != 0 {
		t.Fatalf("first run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The same lines after a new one, which the proxy holds.
	second := filepath.Join(dir, "second.csv")
	if err := os.WriteFile(second, []byte("vin,brand_factory\nLSVAU2180N2000809,20\n"+strings.Join(done, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p.set("hold")
	cmd := exec.Command(bin, "-p", "sandbox", "vin-report", "buy", "--batch", second, "--resume", "--concurrency", "1", "--timeout", "3s", "--yes")
	cmd.Env = append(append([]string{}, u.env...), env...)
	var stdout strings.Builder
	stderr := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	interruptWhenHeld(t, p, cmd, stderr)
	p.set("")
	if got := cmd.ProcessState.ExitCode(); got != 130 {
		t.Errorf("exit %d, want 130\n%s", got, stderr.String())
	}
	type outputLine struct {
		Line     int
		Outcome  string
		ExitCode int `json:"exit_code"`
		Result   map[string]any
	}
	var out []outputLine
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var line outputLine
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		out = append(out, line)
	}
	if len(out) != 4 {
		t.Fatalf("%d output lines for 4 input lines:\n%s\n%s", len(out), stdout.String(), stderr.String())
	}
	for _, l := range out[1:] {
		if l.Outcome != "skipped" || l.ExitCode != 0 || l.Result["orderId"] == nil {
			t.Errorf("line %d, bought by the first run: %s, exit_code %d, result %v; want skipped with its order\n%s",
				l.Line, l.Outcome, l.ExitCode, l.Result, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "skipped 3") {
		t.Errorf("the summary does not count the lines done before as skipped:\n%s", stderr.String())
	}

	// Nothing was bought twice, and --resume settles the held line.
	r = u.run("", env, "-p", "sandbox", "vin-report", "buy", "--batch", second, "--resume", "--yes")
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	perVIN := sandboxOrdersByVIN(t, u)
	for vin, c := range perVIN {
		if c != 1 {
			t.Errorf("the sandbox sold %s %d times", vin, c)
		}
	}
	if len(perVIN) != 4 {
		t.Errorf("the sandbox holds orders for %d vehicles, want 4: %v", len(perVIN), perVIN)
	}
}
