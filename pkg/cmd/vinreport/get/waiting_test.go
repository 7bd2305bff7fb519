package get

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// On a terminal a slow answer is said to be awaited on stderr, the line
// erased when it comes; a batch (its progress bar owns stderr), -v (the
// wire log says it) and a pipe say nothing of it.
func TestSlowAnswerIsSaidToBeAwaitedOnATerminalOnly(t *testing.T) {
	old := httpx.WaitingAfter
	httpx.WaitingAfter = 50 * time.Millisecond
	defer func() { httpx.WaitingAfter = old }()
	const note = "waiting for the answer to paoding report.get..."
	faults := "paoding:/4s/report/get=delay:400ms"

	e := cmdtest.New(t, cmdtest.Options{TTY: true, Faults: faults})
	_ = runGet(e, "NOPE-1")
	if !strings.Contains(e.ErrOut.String(), note+"\r\x1b[K") {
		t.Errorf("terminal: stderr %q", e.ErrOut.String())
	}
	for name, args := range map[string][]string{"pipe": {"NOPE-1"}, "verbose": {"NOPE-1", "-v"}} {
		e := cmdtest.New(t, cmdtest.Options{TTY: name != "pipe", Faults: faults})
		e.F.Globals.Verbose = name == "verbose"
		_ = runGet(e, args[:1]...)
		if strings.Contains(e.ErrOut.String(), "waiting for the answer") {
			t.Errorf("%s: stderr %q", name, e.ErrOut.String())
		}
	}
	e = cmdtest.New(t, cmdtest.Options{TTY: true, Faults: faults})
	e.In.WriteString("order_id\nNOPE-1\n")
	e.F.IOStreams.SetStdinTTY(false)
	cmd := NewCmdGet(e.F, nil)
	cmd.SetArgs([]string{"--batch", "-"})
	_ = cmd.Execute()
	if strings.Contains(e.ErrOut.String(), "waiting for the answer") {
		t.Errorf("batch: stderr %q", e.ErrOut.String())
	}
}
