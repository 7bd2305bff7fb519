package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/sandbox/state"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// A purchase batch killed outright (SIGKILL: no clean-up, whatever the
// journal had queued lost) half way, then run again with --resume, buys
// every vehicle exactly once, as the sandbox's own state shows: the lines
// done are skipped, the ones in flight are looked up before anything is
// resent, and the rest are bought. `insure sandbox serve` runs in its own
// process, as a user's load test would have it.
func TestBatchKilledAndResumedBuysNothingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sandbox server and two batches")
	}
	u := newUser(t)
	url := serveSandbox(t, u, "INSURE_SANDBOX_FAULTS=paoding:/4s/report/buy=delay:100ms")
	env := []string{"INSURE_SANDBOX_URL=" + url}

	const n = 30
	var b strings.Builder
	b.WriteString("vin,brand_factory\n")
	for i := range n {
		fmt.Fprintf(&b, "LSVAU2180N2%06d,20\n", 700+i)
	}
	file := filepath.Join(t.TempDir(), "cars.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-p", "sandbox", "vin-report", "buy", "--batch", file, "--yes", "--concurrency", "4"}

	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, u.env...), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := 0
	sc := bufio.NewScanner(stdout)
	for done < 8 && sc.Scan() {
		done++
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if done < 8 {
		t.Fatalf("the batch printed %d lines before it ended on its own", done)
	}

	r := u.run("", env, append(args, "--resume")...)
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	outcomes := map[string]int{}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for _, l := range lines {
		var res struct{ Outcome string }
		if err := json.Unmarshal([]byte(l), &res); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		outcomes[res.Outcome]++
	}
	// Lines the killed run printed are mostly skipped; the last few may
	// have lost their final record with the kill (docs/scripting.md,
	// "What is on disk when") and are resolved by look-up instead. Either
	// way the sandbox, below, must hold each vehicle once.
	if len(lines) != n || outcomes["ok"]+outcomes["skipped"] != n || outcomes["skipped"] == 0 {
		t.Fatalf("resume printed %d lines: %v (the killed run printed %d)\n%s", len(lines), outcomes, done, r.stderr)
	}

	perVIN := sandboxOrdersByVIN(t, u)
	for vin, c := range perVIN {
		if c != 1 {
			t.Errorf("the sandbox sold %s %d times", vin, c)
		}
	}
	if len(perVIN) != n {
		t.Errorf("the sandbox holds orders for %d vehicles, the batch has %d", len(perVIN), n)
	}
}

// sandboxOrdersByVIN reads the Paoding orders from the state file of u's
// `insure sandbox serve` (it may still run: SQLite lets a reader in) and
// counts them by vehicle: what the sandbox itself sold.
func sandboxOrdersByVIN(t *testing.T, u *user) map[string]int {
	t.Helper()
	st, err := state.Open(filepath.Join(u.stateDir(), "sandbox", sandbox.StateFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orders, err := paodingsb.Orders(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	perVIN := map[string]int{}
	for _, o := range orders {
		perVIN[o.VIN]++
	}
	return perVIN
}
