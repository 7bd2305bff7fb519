package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// Interrupted says that SIGINT, SIGTERM or SIGHUP (the terminal closed)
// cut a command short. It is the
// cause of the root context's cancellation (see NotifyInterrupt) and, once
// the command has returned, wraps the command's error so the process exits
// 130 or 143 (see ExitCode).
type Interrupted struct {
	Signal os.Signal
	Err    error // the command's error, when wrapping one
}

func (e *Interrupted) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return "cancelled: " + e.What()
}

func (e *Interrupted) Unwrap() error { return e.Err }

// Is makes an interruption a cancellation for errors.Is(err, context.Canceled).
func (e *Interrupted) Is(target error) bool { return target == context.Canceled }

// What names the signal for a person.
func (e *Interrupted) What() string {
	switch e.Signal {
	case syscall.SIGTERM:
		return "terminated (SIGTERM)"
	case syscall.SIGHUP:
		return "hung up (SIGHUP, the terminal closed)"
	}
	return "interrupted (SIGINT, Ctrl-C)"
}

// ExitCode is 143 after SIGTERM, 129 after SIGHUP, 130 after SIGINT.
func (e *Interrupted) ExitCode() int {
	switch e.Signal {
	case syscall.SIGTERM:
		return failure.ExitTerminated
	case syscall.SIGHUP:
		return failure.ExitHangUp
	}
	return failure.ExitInterrupted
}

// NotifyInterrupt returns a context that the first SIGINT, SIGTERM or
// SIGHUP cancels with an *Interrupted cause naming the signal, once
// CatchInterrupts has been called on it. It does what signal.NotifyContext
// does, except that the cause is typed (NotifyContext's cause is an
// unexported string, and telling SIGINT from SIGTERM by its wording is the
// kind of matching insure avoids) and that the signals are only caught
// when a command asks: registering them starts the runtime's signal
// thread, about 0.7 ms of every start on the project's machine, which a
// command that prints its version or a completion script has no use for.
// Until then a signal has its default effect.
//
// After the first signal the signals stay caught: a copy arriving within
// RepeatWindow of it is the same stop (GNU timeout signals the process,
// then its whole group; a terminal may deliver a double tap) and is
// ignored, so the clean-up that reports an act in flight and writes its
// journal row is never cut short by it. A signal after that window is a
// person insisting: the process says on stderr what it leaves unknown and
// exits at once with the signal's code (see forceExit). stop releases the
// signals; call it when the command is done.
func NotifyInterrupt(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	c := &interruptCatcher{cancel: cancel, done: ctx.Done(), stopped: make(chan struct{})}
	return context.WithValue(ctx, interruptCatcherKey{}, c), func() {
		c.stop()
		cancel(nil)
	}
}

type interruptCatcherKey struct{}

// interruptCatcher registers the signals on its first catch.
type interruptCatcher struct {
	once   sync.Once
	mu     sync.Mutex
	ch     chan os.Signal
	cancel context.CancelCauseFunc
	done   <-chan struct{}
	// stopped ends watch when the command is done (done is closed by the
	// first signal too, so it cannot say that).
	stopped     chan struct{}
	stoppedOnce sync.Once
}

// CatchInterrupts makes SIGINT, SIGTERM and SIGHUP cancel ctx, a context
// from NotifyInterrupt (or one derived from it), instead of ending the
// process: from here on the command's clean-ups run and its journal is
// kept. The root command calls it before every command but the instant
// ones. Calling it again, or on another context, does nothing.
func CatchInterrupts(ctx context.Context) {
	c, _ := ctx.Value(interruptCatcherKey{}).(*interruptCatcher)
	if c == nil {
		return
	}
	c.once.Do(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		select {
		case <-c.done:
			return // stopped before anything asked
		default:
		}
		// SIGHUP too: a closed terminal or ssh session killed the process
		// outright (exit 129, nothing said), with its lock, journal entry
		// and the report of an act in flight left undone.
		c.ch = make(chan os.Signal, 1)
		signal.Notify(c.ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		go c.watch(c.ch)
	})
}

// RepeatWindow is how long after the first signal another one is taken
// as a copy of it rather than as a second request to stop.
var RepeatWindow = time.Second

// watch cancels the command on the first signal, then ignores copies of
// it and forces the exit on a later one, until the command is done.
func (c *interruptCatcher) watch(ch chan os.Signal) {
	var first time.Time
	for {
		select {
		case s := <-ch:
			if first.IsZero() {
				first = time.Now()
				c.cancel(&Interrupted{Signal: s})
				continue
			}
			if time.Since(first) < RepeatWindow {
				continue
			}
			forceExit(&Interrupted{Signal: s})
		case <-c.stopped:
			return
		}
	}
}

// forceExit ends the process on a second signal, while the command is
// still cleaning up after the first. An act in flight already has its
// journal row, written before its request was sent (httpx.ActJournal),
// which stays "unknown" until settled; the line says where to look.
var forceExit = func(in *Interrupted) {
	fmt.Fprintf(os.Stderr, "insure: %s again while stopping: exiting now, before the clean-up finished.\n"+
		"  An act still in flight keeps its journal row as unknown: insure history list --status unknown\n", in.What())
	os.Exit(in.ExitCode())
}

func (c *interruptCatcher) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil {
		signal.Stop(c.ch)
	}
	c.stoppedOnce.Do(func() { close(c.stopped) })
}

// InterruptOf returns the interruption that cancelled ctx, or nil.
func InterruptOf(ctx context.Context) *Interrupted {
	var in *Interrupted
	if errors.As(context.Cause(ctx), &in) {
		return in
	}
	return nil
}

// WithInterrupt ties a command's error to the signal that cancelled ctx:
// the error keeps its message, kind and hint, and the process exits 130 or
// 143. A command that returned nil finished its work (a server stopping
// cleanly on Ctrl-C): its success stands.
func WithInterrupt(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if in := InterruptOf(ctx); in != nil {
		return &Interrupted{Signal: in.Signal, Err: err}
	}
	return err
}
