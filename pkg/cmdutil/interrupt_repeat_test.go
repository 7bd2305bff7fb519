package cmdutil

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptHelperProcess is not a test: run by the tests below as a
// separate process, it catches signals as a command does, and after the
// first one takes 300 ms to clean up (an act's report and journal row)
// before it prints "cleaned up" and exits with the signal's code.
func TestInterruptHelperProcess(t *testing.T) {
	if os.Getenv("INSURE_INTERRUPT_HELPER") == "" {
		t.Skip("helper process")
	}
	if w := os.Getenv("INSURE_INTERRUPT_WINDOW"); w != "" {
		RepeatWindow, _ = time.ParseDuration(w)
	}
	ctx, stop := NotifyInterrupt(context.Background())
	CatchInterrupts(ctx)
	fmt.Println("ready")
	<-ctx.Done()
	time.Sleep(300 * time.Millisecond)
	fmt.Println("cleaned up")
	stop()
	os.Exit(InterruptOf(ctx).ExitCode())
}

// runInterrupted starts the helper, sends sig once it is ready, then again
// after gap, and returns its stdout, stderr and exit code.
func runInterrupted(t *testing.T, window string, sig syscall.Signal, gap time.Duration) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptHelperProcess$")
	cmd.Env = append(os.Environ(), "INSURE_INTERRUPT_HELPER=1", "INSURE_INTERRUPT_WINDOW="+window)
	var stdout, stderr bytes.Buffer
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len("ready\n"))
	if _, err := out.Read(buf); err != nil || string(buf) != "ready\n" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("helper did not start: %q %v", buf, err)
	}
	_ = cmd.Process.Signal(sig)
	time.Sleep(gap)
	_ = cmd.Process.Signal(sig)
	_, _ = stdout.ReadFrom(out)
	err = cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// A copy of the signal a few milliseconds after the first (GNU timeout
// sends it to the process, then to its group) used to kill the process
// in the middle of its clean-up, with nothing said and the act's journal
// row unwritten. It is now ignored: the clean-up ends and the exit code
// is the signal's.
func TestARepeatedSignalDoesNotCutTheCleanUpShort(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, gap := range []time.Duration{0, 3 * time.Millisecond, 50 * time.Millisecond} {
			stdout, stderr, code := runInterrupted(t, "1s", sig, gap)
			want := map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig]
			if !strings.Contains(stdout, "cleaned up") || code != want || stderr != "" {
				t.Errorf("%v twice, %v apart: exit %d, stdout %q, stderr %q; want the clean-up to finish and exit %d", sig, gap, code, stdout, stderr, want)
			}
		}
	}
}

// A second signal after the window is someone insisting: the process
// exits at once, with the signal's code, and says what it leaves behind.
func TestASecondSignalLaterForcesTheExitAndSaysSo(t *testing.T) {
	stdout, stderr, code := runInterrupted(t, "50ms", syscall.SIGINT, 150*time.Millisecond)
	if strings.Contains(stdout, "cleaned up") || code != 130 {
		t.Errorf("exit %d, stdout %q; want exit 130 before the clean-up finished", code, stdout)
	}
	if !strings.Contains(stderr, "interrupted (SIGINT, Ctrl-C) again while stopping") || !strings.Contains(stderr, "insure history list --status unknown") {
		t.Errorf("stderr %q; want it to say the exit was forced and where unknown acts are", stderr)
	}
}
