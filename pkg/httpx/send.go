package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/internal/sigpipe"
	"github.com/insurekit/insure/pkg/failure"
)

// Request describes one exchange with a provider: what Send sends, how
// much of the answer it accepts, whether it may repeat it, and what a
// failure means for the user.
type Request struct {
	Provider  string // "paoding"
	Operation string // "report.buy"
	Method    string // GET, POST
	URL       string // absolute, query included
	Header    http.Header
	Body      []byte            // sent as is; nil for none
	Keys      map[string]string // journal keys: orderId, quotationNumber...
	// KeysFromAnswer adds journal keys read from the answer (its status
	// and whole body, as received): the quotation or policy number the
	// provider assigned. The transport applies it before recording.
	KeysFromAnswer func(status int, body []byte) map[string]string
	// Judge reads an answer as the provider's client does and returns the
	// error the client makes of it (a refusal inside a 2xx body, a
	// business code, an answer that does not verify), or nil for a result.
	// The transport applies it to each answer before recording it, so the
	// journal row carries the provider's verdict, not only the exchange's
	// status. It must be the client's own reading, with no side effects.
	Judge func(*Response) error
	// Secrets are values masked in the wire log, the journal and errors.
	Secrets []string
	// Policy is what the operation declares: answer limit, retries, and
	// whether it acts.
	Policy
	// CheckHint tells the user what to check before repeating an act
	// whose outcome is unknown. Used only when Acts is set.
	CheckHint string
}

// Policy is what each operation declares next to its definition in its
// provider package (docs/reliability.md lists them all).
type Policy struct {
	// Limit is the most answer bytes accepted; zero means SmallLimit.
	Limit int64
	// Retry says when the request may be sent again.
	Retry RetryPolicy
	// Acts is set for operations that buy, issue or cancel: after a
	// failure their outcome is unknown (failure.Error.Unknown).
	Acts bool
}

// Response is a complete answer: any status Send does not turn into an
// error itself, with its headers and its whole body.
type Response struct {
	Status   int
	Header   http.Header
	Body     []byte
	Attempts int // how many times the request was sent
}

// Send performs r with client (http.DefaultClient when nil) and returns
// the answer, or a *failure.Error for a failure no provider gives its
// own meaning:
//
//   - a connection error, reset or timeout: Network (exit 5);
//   - an answer larger than r.Limit, or a 2xx in a Content-Encoding
//     nobody decodes (EncodingError): Verification (exit 6);
//   - a redirect, which is never followed: Network (exit 5), naming the
//     target.
//
// Both Network and Verification errors carry Unknown when r.Acts. Every
// other status (4xx, and 429 or 5xx once the retry policy gives up) comes
// back as a Response, so the provider can read its own codes from the
// body; StatusError classifies the statuses its document does not define.
//
// Under --dry-run the error wraps ErrDryRun. The deadline is the client's
// Timeout, over the whole exchange, body and repeats included.
func Send(ctx context.Context, client *http.Client, r Request) (*Response, error) {
	if client == nil {
		client = http.DefaultClient
	}
	// Whatever client the provider was given, a redirect is not followed:
	// it would carry tokens and signed bodies to another host.
	cl := *client
	cl.CheckRedirect = refuseRedirect
	// The deadline is ctx's from here on, not the client's: net/http
	// would call every timeout "Client.Timeout exceeded while awaiting
	// headers", also when the headers came and the body trickled.
	timeout := cl.Timeout
	cl.Timeout = 0
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if _, err := http.NewRequest(r.Method, r.URL, nil); err != nil {
		return nil, failure.New(failure.Usage, r.Provider, r.Operation, "bad endpoint: %s; nothing was sent", cleanMessage(err, r.redactor())).
			WithHint("set the profile's %s endpoint to an absolute http or https URL", r.Provider)
	}
	if r.Acts {
		// -v writes the exchange to stderr as it happens: with stderr a
		// closed pipe (2>&1 | head -1), SIGPIPE would end the process
		// after the act and before its journal row and result.
		sigpipe.Ignore()
	}
	limit := r.limit()
	ctx = WithCall(ctx, Call{Provider: r.Provider, Operation: r.Operation, Keys: r.Keys, KeysFromAnswer: r.KeysFromAnswer, Judge: r.Judge, Secrets: r.Secrets, Limit: limit, Acts: r.Acts})
	red := r.redactor()

	var resp *Response
	var lastErr error
	n := 0
	// reached says an attempt got past connecting: only then can an act
	// have reached the provider and its outcome be unknown.
	reached := false
	for n < r.Retry.attempts() {
		if n > 0 {
			wait := r.Retry.backoff(n - 1)
			if resp != nil {
				if ra, ok := RetryAfter(resp.Header, time.Now()); ok {
					if ra > MaxRetryAfter {
						break // the answer's error names the wait
					}
					wait = ra
				}
			}
			if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
				break // a repeat would end past the deadline
			}
			if !sleep(ctx, wait) {
				break
			}
		}
		n++
		resp, lastErr = r.once(ctx, &cl, limit)
		if lastErr == nil || !neverSent(lastErr) {
			reached = true
		}
		if lastErr == nil {
			resp.Attempts = n
			// A 3xx is not followed; a final 1xx (101: a protocol switch
			// insure never asks for) carries no answer either.
			if resp.Status < 200 || (resp.Status >= 300 && resp.Status < 400) {
				return nil, r.StatusError(resp)
			}
			if !retryable(resp.Status) {
				return resp, nil
			}
			continue
		}
		var tl *TooLargeError
		var ee *EncodingError
		var dry *DryRunError
		switch {
		case errors.As(lastErr, &dry):
			// Not lastErr itself: its text names the signed URL.
			return nil, fmt.Errorf("%s %s: %w", r.Provider, r.Operation, dry)
		case errors.Is(lastErr, ErrDryRun): // a transport of the caller's own
			return nil, fmt.Errorf("%s %s: %w", r.Provider, r.Operation, ErrDryRun)
		case errors.As(lastErr, &tl):
			return nil, r.tooLarge(tl)
		case errors.As(lastErr, &ee):
			return nil, r.undecodable(ee)
		case IsCertificateError(lastErr):
			// Repeating cannot make the certificate trusted.
			return nil, r.networkError(ctx, red, lastErr, n, timeout, reached)
		case ctx.Err() != nil:
			return nil, r.networkError(ctx, red, lastErr, n, timeout, reached)
		}
	}
	if resp != nil {
		return resp, nil
	}
	if lastErr == nil { // the deadline came before the first attempt
		lastErr = ctx.Err()
	}
	return nil, r.networkError(ctx, red, lastErr, n, timeout, reached)
}

func (r Request) limit() int64 {
	if r.Limit > 0 {
		return r.Limit
	}
	return SmallLimit
}

func (r Request) redactor() *Redactor {
	red := NewRedactor(r.Secrets...)
	red.AddFromHeader(r.Header)
	if u, err := url.Parse(r.URL); err == nil {
		red.AddFromValues(u.Query())
	}
	red.AddFromBody(r.Header.Get("Content-Type"), r.Body)
	return red
}

// once sends the request one time and reads the whole answer through the
// limit. A non-nil Response comes with a nil error; an error says, when
// net/http's trace could tell, how far the attempt got (*attemptError).
func (r Request) once(ctx context.Context, cl *http.Client, limit int64) (resp *Response, err error) {
	var p progress
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn:              func(string) { p.started.Store(true) },
		WroteHeaders:         func() { p.wrote.Store(true) },
		GotFirstResponseByte: func() { p.answered.Store(true) },
	})
	defer func() {
		// An attempt the trace never saw start tells nothing (a transport
		// without traces may have sent it), except when it was cancelled:
		// net/http looks at the context before it asks for a connection,
		// so a Ctrl-C that came first sent nothing, as the journal row
		// (the transport's own trace) says.
		if err != nil && (p.started.Load() || ctx.Err() != nil) {
			err = &attemptError{err: err, sent: p.wrote.Load(), answered: p.answered.Load()}
		}
	}()
	var body *bytes.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	var req *http.Request
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	} else {
		req, err = http.NewRequestWithContext(ctx, r.Method, r.URL, nil)
	}
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	res, err := cl.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	// The httpx transport has already read through the same limit; any
	// other transport is bounded here.
	b, err := readLimited(res.Body, limit, res.ContentLength)
	if err == nil {
		err = unreadableEncoding(req, res, b)
	}
	if err != nil {
		return nil, err
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}, nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

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
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded || isTimeout(err) {
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
	e := failure.NetworkError(r.Provider, r.Operation, &maskedError{msg: msg, err: err}, r.Acts)
	e.Hint = r.unknownHint(fmt.Sprintf("check the network and the profile's %s endpoint; repeating a %s is safe", r.Provider, r.Operation))
	return e
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
