//go:build unix

package cmdutil

import (
	"os/signal"
	"syscall"
)

// IgnoreSIGPIPE makes a write to a closed stdout fail with EPIPE instead
// of killing the process (Go's default for fd 1 and 2), for the rest of
// the process: the callers (a batch, an act printing its result) are the
// last thing a command does, and a command that has bought, issued or
// cancelled must get to say so. Nothing puts the default back: os/signal
// cannot (Reset does not undo Ignore), and nothing needs it.
func IgnoreSIGPIPE() {
	signal.Ignore(syscall.SIGPIPE)
}
