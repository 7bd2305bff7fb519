package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/insurekit/insure/internal/readall"
	"github.com/insurekit/insure/pkg/failure"
)

// ReadFile reads a file the user named with -f, or stdin when path is
// "-", refusing one larger than limit bytes. A named file is checked with
// stat first, so a huge regular file is refused without being read; every
// read goes through a LimitReader, so /dev/zero, a FIFO or an endless pipe
// stops at limit+1 bytes. Failures are Usage errors (exit 2) naming the
// file, its size where known, and the limit; callers may add a provider,
// an operation or a hint to them.
func ReadFile(path string, stdin io.Reader, limit int64) ([]byte, error) {
	name := "-f " + path
	var r io.Reader = stdin
	size := readall.Len(stdin) // a --batch line's body says its length
	if path == "-" {
		name = "stdin"
	} else {
		st, err := os.Stat(path)
		if err != nil {
			return nil, readError(name, err)
		}
		if st.IsDir() {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s is a directory, not a file; nothing was sent", name)}
		}
		if st.Mode().IsRegular() && st.Size() > limit {
			return nil, &failure.Error{Kind: failure.Usage,
				Message: fmt.Sprintf("%s is %d bytes, larger than the %d bytes allowed; nothing was sent", name, st.Size(), limit),
				Hint:    "check that -f names the request file"}
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, readError(name, err)
		}
		defer f.Close()
		r, size = f, st.Size()
	}
	if r == nil {
		r = os.Stdin
	}
	b, err := readall.Sized(io.LimitReader(r, limit+1), min(size, limit+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if int64(len(b)) > limit {
		return nil, &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("%s is larger than the %d bytes allowed (reading stopped there); nothing was sent", name, limit),
			Hint:    "check that -f names the request file"}
	}
	return b, nil
}

func readError(name string, err error) *failure.Error {
	if errors.Is(err, fs.ErrNotExist) {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s: no such file; nothing was sent", name), Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in name
	}
	return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s: %v; nothing was sent", name, err), Err: err}
}
