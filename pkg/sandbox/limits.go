package sandbox

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/insurekit/insure/internal/readall"
)

// MaxBody bounds a request body. The largest request any document
// describes is a few KiB; a load test or a broken client posting more is
// refused (413, in the provider's own answer shape) once this much has
// arrived, or at once when Content-Length says so, instead of being read
// into memory.
const MaxBody = 1 << 20

// Timeouts a public HTTP server needs: a client sending its headers or its
// body a byte at a time, or holding an idle connection, must not hold a
// connection for ever. readTimeout covers headers and body; net/http
// lifts it once the body is read, so an answer held by a delay fault is
// not cut short. No WriteTimeout: it would be. Variables so that tests can
// wait seconds rather than minutes.
var (
	headerTimeout = 10 * time.Second
	readTimeout   = 30 * time.Second
	idleTimeout   = 2 * time.Minute
)

// readBodies reads each request's body, at most MaxBody of it, within
// readTimeout, before the handler runs: the fakes then see a body in
// memory, or a body whose Read fails with *http.MaxBytesError, which they
// answer with 413. A body that stalls is answered 408, one badly chunked
// 400, and the connection closed.
func readBodies(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			h.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > MaxBody {
			// Refused before a byte of it is read; the rest is not drained.
			w.Header().Set("Connection", "close")
			r.Body = failingBody{&http.MaxBytesError{Limit: MaxBody}}
			h.ServeHTTP(w, r)
			return
		}
		// Bounded by MaxBytesReader; read into a buffer of the announced
		// length (readall.Sized), as every request of a load test is.
		body, err := readall.Sized(http.MaxBytesReader(w, r.Body, MaxBody), r.ContentLength)
		var tooLarge *http.MaxBytesError
		switch {
		case err == nil:
			r.Body = io.NopCloser(bytes.NewReader(body))
		case errors.As(err, &tooLarge):
			r.Body = failingBody{tooLarge}
		default:
			// A body cut short, stalled past readTimeout or badly chunked:
			// nothing a fake could answer, and the connection is unusable.
			w.Header().Set("Connection", "close")
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				http.Error(w, "sandbox: the request did not arrive within "+readTimeout.String(), http.StatusRequestTimeout)
				return
			}
			http.Error(w, "sandbox: cannot read the request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// failingBody is a body whose every Read fails with err.
type failingBody struct{ err error }

func (b failingBody) Read([]byte) (int, error) { return 0, b.err }
func (b failingBody) Close() error             { return nil }
