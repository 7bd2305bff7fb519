package show

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// goneReader is a stdout whose reader has exited, as the process sees
// one once SIGPIPE no longer kills it.
type goneReader struct{}

func (goneReader) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

// history show | head -c 100: the reader has what it wanted, so the
// command ends quietly with exit 0, as find and history list do; it said
// "error: write /dev/stdout: broken pipe" and exited 1 (or died of
// SIGPIPE, exit 141, on an entry longer than the pipe holds).
func TestShowWhoseReaderHasGoneSucceedsQuietly(t *testing.T) {
	for _, curl := range []bool{false, true} {
		e, err := quoteAndShow(t, false, func(o *Options) { o.IO.Out, o.Curl = goneReader{}, curl })
		// (--curl's note on masked personal data comes before the write.)
		if err != nil || strings.Contains(e.ErrOut.String(), "pipe") {
			t.Errorf("curl=%v: %v, stderr %q", curl, err, e.ErrOut.String())
		}
	}
}
