package httpx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// How a failed exchange is reported: the error kinds, messages and hints
// Send gives, and what net/http's trace saw of an attempt.

// unknownHint is what to do after a failure that may have taken effect.
func (r Request) unknownHint(safe string) string {
	if !r.Acts {
		return safe
	}
	if r.CheckHint != "" {
		return r.CheckHint
	}
	return fmt.Sprintf("the %s may have taken effect: check with %s before sending it again", r.Operation, r.Provider)
}

func (r Request) tooLarge(tl *TooLargeError) *failure.Error {
	e := &failure.Error{Kind: failure.Verification, Provider: r.Provider, Operation: r.Operation,
		Message: fmt.Sprintf("answer larger than %d bytes: it was not read further and not used", tl.Limit),
		Unknown: r.Acts, Err: tl}
	e.Hint = r.unknownHint(fmt.Sprintf("no %s answer is that large: check the profile's %s endpoint (-v shows the headers that came back)", r.Provider, r.Provider))
	if r.Acts {
		e.Hint += "; no " + r.Provider + " answer is that large, so check the profile's endpoint too"
	}
	return e
}

// networkError is a transport failure after n attempts, with every URL
// and secret masked out of the message.
func (r Request) networkError(ctx context.Context, red *Redactor, err error, n int, timeout time.Duration, reached bool) *failure.Error {
	msg := cleanMessage(err, red)
	timedOut := errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded || isTimeout(err)
	if timedOut {
		what := "no complete answer"
		var ae *attemptError
		switch {
		case !reached && n > 0:
			what = "no connection"
		case errors.As(err, &ae) && ae.answered:
			// The headers (or their first bytes) came; the rest did not.
			what = "an answer began to arrive but was not complete"
		}
		if timeout > 0 {
			msg = fmt.Sprintf("%s within %s (%s)", what, timeout, msg)
		} else {
			msg = what + " in time (" + msg + ")"
		}
	}
	if IsCertificateError(err) {
		// The handshake failed: the request was never sent.
		text, hint := certificateMessage(err)
		e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: text + " (" + msg + ")", err: err, notSent: true}, false)
		e.Hint = hint
		if r.Acts {
			e.Hint += fmt.Sprintf("; nothing was sent, so sending the %s again is safe", r.Operation)
		}
		return e
	}
	if n > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", n)
	}
	if !reached && n > 0 {
		// No attempt connected (refused, unreachable, a name that does
		// not resolve): nothing was sent, so nothing can have happened.
		e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: "could not connect, nothing was sent (" + msg + ")", err: err, notSent: true}, false)
		e.Hint = fmt.Sprintf("check the network and the profile's %s endpoint; sending the %s again is safe", r.Provider, r.Operation)
		if errors.Is(err, context.Canceled) {
			e.Message = "cancelled before the request was sent: nothing was sent"
			e.Hint = fmt.Sprintf("sending the %s again is safe", r.Operation)
		}
		return e
	}
	if timedOut && reached {
		// A connection was made and the deadline passed: the server is
		// there but slow (or stuck), so the first thing to try is more
		// time, not the address.
		e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: msg, err: err, slow: true}, r.Acts)
		more := "if the provider is only slow, give it longer with --timeout (for example --timeout 1m)"
		if timeout > 0 {
			more = fmt.Sprintf("the provider did not answer within %s: if it is only slow, give it longer with --timeout (for example --timeout %s)", timeout, longerTimeout(timeout))
		}
		if r.Acts {
			e.Hint = r.unknownHint("") + "; " + more
		} else {
			e.Hint = more + fmt.Sprintf("; otherwise check the network and the profile's %s endpoint; repeating a %s is safe", r.Provider, r.Operation)
		}
		return e
	}
	e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: msg, err: err}, r.Acts)
	e.Hint = r.unknownHint(fmt.Sprintf("check the network and the profile's %s endpoint; repeating a %s is safe", r.Provider, r.Operation))
	return e
}

// longerTimeout is a --timeout worth trying after t ran out: four times
// as long, at least a minute.
func longerTimeout(t time.Duration) time.Duration {
	if l := 4 * t; l > time.Minute {
		return l.Round(time.Second)
	}
	return time.Minute
}

// Slow says err is Send's failure of a request whose connection was made
// but whose answer did not come (whole) before the deadline: the server
// is there, only slow or stuck.
func Slow(err error) bool {
	var m *maskedError
	return errors.As(err, &m) && m.slow
}

// neverSent says err is a failure before the request left: a refused or
// unreachable address, a connection attempt that timed out, a name that
// does not resolve, a TLS handshake that failed or never ended, a proxy
// that could not be reached or refused the tunnel. The provider cannot
// have received a whole request.
//
// net/http's trace decides when it ran (the transport is an
// *http.Transport): the request's headers were never all written. For
// any other transport the error's type does.
func neverSent(err error) bool {
	var ae *attemptError
	if errors.As(err, &ae) {
		return !ae.sent
	}
	var op *net.OpError
	// "proxyconnect" is net/http's failure to reach or handshake with
	// the proxy itself.
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// progress is what net/http's trace saw of one attempt: the transport took
// the request (GetConn), wrote all its headers, read a first byte of an
// answer.
type progress struct{ started, wrote, answered atomic.Bool }

// attemptError is a failed attempt with how far it got, by the trace. Its
// text is the failure's own.
type attemptError struct {
	err            error
	sent, answered bool
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// maskedError shows a redacted message but keeps the cause for errors.Is.
type maskedError struct {
	msg string
	err error
	// notSent: no attempt left this machine (NothingSent).
	notSent bool
	// slow: connected, then the deadline passed (Slow).
	slow bool
}

// NothingSent says err is Send's failure of a request that never left:
// no attempt connected (refused, unreachable, a name that does not
// resolve) or the TLS handshake failed. Whatever a caller later makes of
// the error's Unknown, nothing can have taken effect.
func NothingSent(err error) bool {
	var m *maskedError
	return errors.As(err, &m) && m.notSent
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// cleanMessage is err's text with the URL net/http quotes reduced to its
// scheme, host and path (the query carries signatures and tokens) and
// every known secret masked.
func cleanMessage(err error, red *Redactor) string {
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) && ue.URL != "" {
		msg = strings.ReplaceAll(msg, ue.URL, withoutQuery(ue.URL))
		msg = strings.ReplaceAll(msg, strconv.Quote(ue.URL), strconv.Quote(withoutQuery(ue.URL)))
	}
	return red.Apply(msg)
}

func withoutQuery(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			return s[:i]
		}
		return s
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}

// StatusError classifies an answer's HTTP status where the provider's
// document gives it no meaning of its own; nil for 2xx. This is the one
// table every provider shares (insure help exit-codes):
//
//	3xx            Network (5): redirects are never followed
//	401, 403       Auth (3)
//	429            RateLimit (7)
//	other 4xx      Refused (4): check the profile's endpoint
//	5xx            Network (5), outcome unknown when the operation acts
//
// The message names the status; providers add what the body says.
func (r Request) StatusError(resp *Response) *failure.Error {
	st := resp.Status
	if st >= 200 && st < 300 {
		return nil
	}
	e := &failure.Error{Provider: r.Provider, Operation: r.Operation, Code: strconv.Itoa(st),
		Message: fmt.Sprintf("HTTP %d %s", st, http.StatusText(st))}
	switch {
	case st >= 300 && st < 400:
		e.Kind = failure.Network
		e.Unknown = r.Acts
		r.redirectError(e, resp)
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		e.Kind = failure.Auth
		e.Hint = fmt.Sprintf("check the credentials in the profile's %s settings", r.Provider)
	case st == http.StatusTooManyRequests:
		e.Kind = failure.RateLimit
		e.Hint = "wait and retry later"
		if d, ok := RetryAfter(resp.Header, time.Now()); ok {
			e.Hint = fmt.Sprintf("wait %s (the server's Retry-After) and retry", d.Round(time.Second))
		}
	case st >= 400 && st < 500:
		e.Kind = failure.Refused
		e.Hint = fmt.Sprintf("check the profile's %s endpoint: the server did not take this for a %s request (-v shows the answer)", r.Provider, r.Operation)
	case st >= 500:
		e.Kind = failure.Network
		e.Unknown = r.Acts
		e.Hint = r.unknownHint(fmt.Sprintf("the provider or a proxy failed; repeating a %s is safe, try again later", r.Operation))
	default:
		// 1xx as a final answer, or a status no RFC defines: the request
		// reached something, so an act's outcome is not known.
		e.Kind = failure.Verification
		e.Unknown = r.Acts
		e.Hint = r.unknownHint("rerun with -v to see the answer")
		if r.Acts {
			e.Hint += "; rerun with -v to see the answer"
		}
	}
	if resp.Attempts > 1 {
		e.Message += fmt.Sprintf(" (after %d attempts)", resp.Attempts)
	}
	return e
}

// notAdmitted is the failure of a request its send gate refused: never
// sent, so an act's outcome is known (nothing happened).
func (r Request) notAdmitted(err error) error {
	e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: "not sent: " + err.Error(), err: err, notSent: true}, false)
	e.Hint = "nothing was sent, so sending the " + r.Operation + " again is safe"
	return e
}
