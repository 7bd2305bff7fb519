package httpx

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// errNotResent ends an attempt that net/http's HTTP/2 client would have
// sent again on its own.
var errNotResent = errors.New("the HTTP/2 stream or connection failed after the request was sent; it was not sent again")

// guardResends returns req (a shallow copy) so that net/http never sends
// it again by itself once its headers went out on an HTTP/2 connection.
//
// net/http's HTTP/2 client resends a request whose stream the server
// reset with PROTOCOL_ERROR (golang/go#47635), and its HTTP/1 side dials
// again whenever the HTTP/2 connection is left unusable: against a server
// that acts on each request and then resets it, one `issue` or `buy` was
// sent hundreds of times a second until the deadline, and a look-up as
// often. Whether a request is repeated is the operation's retry policy,
// applied by Send, which sees every attempt; an act is sent once.
//
// A request with a body is stopped where net/http rewinds it (GetBody);
// one without a body, which HTTP/2 resends without rewinding, is stopped
// by cancelling its context when the next connection is handed to it, so
// at most one extra send can slip through before the cancel is seen.
// HTTP/1 is left alone: it repeats a request only when nothing of it was
// written, or a GET on a kept-alive connection the server had closed.
// stop releases the context; call it once the answer has been read.
func guardResends(req *http.Request) (_ *http.Request, stop func()) {
	if req.URL.Scheme == "http" {
		// HTTP/2 only over TLS here (no h2c): nothing to guard, and a
		// batch against a local sandbox pays nothing for it.
		return req, func() {}
	}
	var h2, sentOnH2 atomic.Bool
	ctx, cancel := context.WithCancelCause(req.Context())
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if sentOnH2.Load() {
				cancel(errNotResent)
			}
			h2.Store(isHTTP2(info.Conn))
		},
		WroteHeaders: func() {
			if h2.Load() {
				sentOnH2.Store(true)
			}
		},
	})
	r := req.WithContext(ctx)
	if get := req.GetBody; get != nil {
		r.GetBody = func() (io.ReadCloser, error) {
			if sentOnH2.Load() {
				return nil, errNotResent
			}
			return get()
		}
	}
	return r, func() { cancel(nil) }
}

func isHTTP2(c net.Conn) bool {
	tc, ok := c.(*tls.Conn)
	return ok && tc.ConnectionState().NegotiatedProtocol == "h2"
}
