package shared

import (
	"errors"
	"io"
	"syscall"

	"github.com/insurekit/insure/pkg/cmdutil"
)

// StopWhenReaderGoes readies a read-only listing (find, history list,
// show, export) for a stdout whose reader exits before the end
// (| head -1): Go kills a process writing to a closed stdout by SIGPIPE,
// exit 141, which a script under pipefail reads as a failure and which
// insure's exit codes do not list; a listing that fitted in the pipe in
// one write exited 0. With SIGPIPE ignored the write fails with EPIPE
// instead, and ReaderGone tells it apart.
func StopWhenReaderGoes() { cmdutil.IgnoreSIGPIPE() }

// ReaderGone says whether err is a write to a stdout whose reader has
// gone. For a listing that is the reader's choice, as quitting the pager
// is: the command stops reading the journal and exits 0, saying nothing.
func ReaderGone(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrClosedPipe)
}
