package prompter_test

import (
	"context"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
)

// A prompt closed by a signal is reported once: "error: the prompt was
// closed" and then the signal. The error's text used to carry the
// signal's too, so SIGTERM read "error: the prompt was closed: cancelled:
// terminated (SIGTERM)" and then "cancelled: terminated (SIGTERM)".
func TestPromptClosedBySignalIsReportedOnce(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(&cmdutil.Interrupted{Signal: syscall.SIGTERM})
	in, w := io.Pipe()
	defer w.Close()
	p := &prompter.Huh{In: in, Out: io.Discard, Ctx: ctx}
	_, err := p.Form([]prompter.Question{{Key: "a", Label: "Holder name"}})
	if err == nil {
		t.Fatal("the form returned no error under a cancelled context")
	}
	ios, _, _, errOut := iostreams.Test()
	cmdutil.PrintError(ios, cmdutil.WithInterrupt(ctx, err), false)
	got := errOut.String()
	if strings.Count(got, "terminated (SIGTERM)") != 1 || !strings.Contains(got, "the prompt was closed") {
		t.Errorf("stderr:\n%s", got)
	}
	if cmdutil.ExitCode(cmdutil.WithInterrupt(ctx, err)) != 143 {
		t.Errorf("exit %d, want 143", cmdutil.ExitCode(cmdutil.WithInterrupt(ctx, err)))
	}
}
