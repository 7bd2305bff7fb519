//go:build unix

// Package sigpipe turns off SIGPIPE's default (death) for the process.
package sigpipe

import (
	"os/signal"
	"syscall"
)

// Ignore makes a write to a closed stdout or stderr fail with EPIPE
// instead of killing the process (Go's default for fd 1 and 2), for the
// rest of the process. Nothing puts the default back: os/signal cannot
// (Reset does not undo Ignore), and nothing needs it.
func Ignore() {
	signal.Ignore(syscall.SIGPIPE)
}
