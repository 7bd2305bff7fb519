package httpx

import (
	"bytes"
	"fmt"
	"io"

	"github.com/insurekit/insure/internal/readall"
)

// Response size limits. Each provider declares one per operation next to
// the operation; these are the usual sizes.
const (
	// SmallLimit suits token, login, quote and other short JSON answers.
	SmallLimit int64 = 1 << 20
	// MediumLimit suits catalogues and XML forms.
	MediumLimit int64 = 4 << 20
	// MaxLimit is the largest answer any operation accepts (a report with
	// images), and the transport's bound for a request without a Call.
	MaxLimit int64 = 16 << 20
)

// TooLargeError is returned when an answer is longer than the limit of
// its operation. Nothing beyond the limit was read or kept.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("answer larger than %d bytes", e.Limit)
}

// readLimited reads r to its end, keeping at most limit bytes. A longer
// stream stops the read at limit+1 bytes with a *TooLargeError, and one
// whose size is announced (size, from Content-Length; -1: unknown) beyond
// the limit is not read at all. size also sizes the buffer.
func readLimited(r io.Reader, limit, size int64) ([]byte, error) {
	if limit <= 0 {
		limit = MaxLimit
	}
	if n := readall.Len(r); n >= 0 {
		size = n
	}
	if size > limit {
		// The answer says it is longer than the limit (its Content-Length):
		// waiting for it, or for the deadline when it never comes, would
		// end the same way.
		return nil, &TooLargeError{Limit: limit}
	}
	b, err := readall.Sized(io.LimitReader(r, limit+1), min(size, limit+1))
	if int64(len(b)) > limit {
		return b[:limit], &TooLargeError{Limit: limit}
	}
	return b, err
}

// bytesBody is an answer's body already read by the transport. Unlike
// io.NopCloser's, it says how long it is, so a second read (Send's) is
// one allocation of the right size.
type bytesBody struct{ *bytes.Reader }

func (bytesBody) Close() error { return nil }
