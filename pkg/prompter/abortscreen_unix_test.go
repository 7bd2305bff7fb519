//go:build unix

package prompter

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SIGTERM at a prompt, in a process whose context the signal cancels (as
// insure's is), ends the prompt with the signal as its cause and erases
// it. bubbletea used to take the signal itself and quit with the form
// drawn in full as its last frame.
func TestPromptEndedBySIGTERMIsErased(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	in, w := io.Pipe()
	defer w.Close()
	out := &screen{}
	p := &Huh{In: in, Out: out, Ctx: ctx}
	done := make(chan error, 1)
	go func() {
		_, err := p.Form([]Question{{Key: "a", Label: "Holder resident ID number"}, {Key: "b", Label: "Password", Secret: true}})
		done <- err
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "resident ID") && time.Now().Before(deadline) {
		go func() { _, _ = w.Write([]byte("\x1b[48;24;80;0;0t")) }()
		time.Sleep(200 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want the prompt closed by the cancelled context", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the prompt is still open after SIGTERM")
	}
	lines, _ := emulate(out.String())
	if text := strings.Join(lines, "\n"); strings.TrimSpace(text) != "" {
		t.Errorf("the prompt is still on the screen:\n%s", text)
	}
}
