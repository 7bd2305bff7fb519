//go:build unix

package cmdutil

import (
	"context"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// A context from NotifyInterrupt is cancelled by a signal, with the signal
// as its cause, once CatchInterrupts has been called on it (or on a
// context derived from it); a second call changes nothing.
func TestCatchInterruptsCancelsWithTheSignal(t *testing.T) {
	ctx, stop := NotifyInterrupt(context.Background())
	defer stop()
	derived, cancel := context.WithCancel(ctx)
	defer cancel()
	CatchInterrupts(derived)
	CatchInterrupts(ctx)
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGHUP did not cancel the context")
	}
	in := InterruptOf(ctx)
	if in == nil || in.Signal != syscall.SIGHUP {
		t.Fatalf("cause %v, want an interruption by SIGHUP", context.Cause(ctx))
	}
	if in.ExitCode() != 129 {
		t.Errorf("exit code %d, want 129", in.ExitCode())
	}
}

// CatchInterrupts on a context that NotifyInterrupt did not make, or after
// stop, registers nothing (a SIGHUP then would end the test binary).
func TestCatchInterruptsWithoutNotifyInterrupt(t *testing.T) {
	CatchInterrupts(context.Background())
	ctx, stop := NotifyInterrupt(context.Background())
	stop()
	CatchInterrupts(ctx)
	if InterruptOf(ctx) != nil {
		t.Fatal("a stopped context names an interruption")
	}
}

// After Ctrl-C a script's JSON error named exit 130 but not the signal,
// which the journal, history and find name: it carries "interrupted".
func TestErrorJSONNamesTheSignal(t *testing.T) {
	err := &Interrupted{Signal: syscall.SIGTERM, Err: &failure.Error{Kind: failure.Network, Message: "cut short", Unknown: true}}
	var doc struct {
		Error struct {
			ExitCode    int    `json:"exit_code"`
			Interrupted string `json:"interrupted"`
		} `json:"error"`
	}
	if jerr := json.Unmarshal(ErrorJSON(err), &doc); jerr != nil || doc.Error.ExitCode != 143 || doc.Error.Interrupted != "SIGTERM" {
		t.Fatalf("%s %v", ErrorJSON(err), jerr)
	}
	if strings.Contains(string(ErrorJSON(&failure.Error{Kind: failure.Network, Message: "x"})), "interrupted") {
		t.Error("a plain network error names a signal")
	}
}
