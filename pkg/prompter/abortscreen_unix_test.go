//go:build unix

package prompter

import (
	"context"
	"errors"
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
	out, _, done := openPrompt(t, ctx, askIDAndPassword, "resident ID")
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
