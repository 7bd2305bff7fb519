package buy

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// TestHelperSendingProcess stands in for another insure process of the
// same batch: it records the line in flight, as a batch does just before
// sending it, says so and waits (the request still on its way) until it
// is killed. It runs only when re-executed by the test below.
func TestHelperSendingProcess(t *testing.T) {
	path, hash := os.Getenv("INSURE_TEST_STORE"), os.Getenv("INSURE_TEST_HASH")
	if path == "" {
		t.Skip("run by TestSecondRunDoesNotTouchALineAnotherProcessIsSending")
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutBatchLine(t.Context(), "vin-report buy", config.SandboxProfile, hash, store.BatchLine{Line: 1, Outcome: "in_flight", Sending: true}); err != nil {
		t.Fatal(err)
	}
	fmt.Println("sending")
	select {}
}

// The same batch started twice at once (a cron job overlapping itself),
// the second with --resume: a line the first process is sending that
// moment was taken for one a crashed run had left, looked up (before the
// first's request landed: not found) and bought again. While the process
// that recorded it runs, the line is left to it, named; once it has
// ended, --resume settles the line as before.
func TestSecondRunDoesNotTouchALineAnotherProcessIsSending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	line := fmt.Sprintf(`{"vin":%q,"brand_factory":20,"order_id":"TWICE-1"}`, batchVIN(1))
	other := exec.Command(os.Args[0], "-test.run=^TestHelperSendingProcess$")
	other.Env = append(os.Environ(), "INSURE_TEST_STORE="+e.Store.Path, "INSURE_TEST_HASH="+batch.Hash([]byte(line)))
	out, err := other.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer other.Process.Kill() //nolint:errcheck
	if s, _ := bufio.NewReader(out).ReadString('\n'); !strings.Contains(s, "sending") {
		t.Fatalf("the other process did not record the line: %q", s)
	}

	file := writeFile(t, "one.jsonl", line+"\n")
	err = runCtx(t.Context(), e, "--batch", file, "--resume")
	l := parseLines(t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "unknown" || l[0].ExitCode != 5 || !strings.Contains(l[0].Message, fmt.Sprintf("another insure process (pid %d)", other.Process.Pid)) {
		t.Fatalf("exit %v:\n%s", err, e.Out)
	}
	if n := count(e, paoding.PathReportBuy) + count(e, paoding.PathReportGet); n != 0 {
		t.Fatalf("looked up or bought a line another process is sending: %v", e.ReceivedPaths())
	}

	// The other process has ended without a word (killed): the line is an
	// earlier run's in-flight line again, and is settled by buying it now
	// (the look-up finds no such order).
	_ = other.Process.Kill()
	_ = other.Wait()
	e.Reset()
	if err := runCtx(t.Context(), e, "--batch", file, "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if l := parseLines(t, e.Out.String()); len(l) != 1 || l[0].Outcome != "ok" {
		t.Fatalf("after the other process ended:\n%s", e.Out)
	}
	if count(e, paoding.PathReportBuy) != 1 {
		t.Fatalf("bought %d times, want once: %v", count(e, paoding.PathReportBuy), e.ReceivedPaths())
	}
}
