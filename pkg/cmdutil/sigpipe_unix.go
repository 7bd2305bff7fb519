//go:build unix

package cmdutil

import (
	"os/signal"
	"syscall"
)

// IgnoreSIGPIPE makes a write to a closed stdout fail with EPIPE instead
// of killing the process (Go's default for fd 1 and 2), until the
// returned function puts the default back.
func IgnoreSIGPIPE() (restore func()) {
	signal.Ignore(syscall.SIGPIPE)
	return func() { signal.Reset(syscall.SIGPIPE) }
}
