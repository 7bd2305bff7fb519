//go:build unix

package cmdutil

import (
	"context"
	"syscall"
	"testing"
	"time"
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
