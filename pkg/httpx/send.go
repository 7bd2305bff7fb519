package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
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
	// Secrets are values masked in the wire log, the journal and errors,
	// and remembered by the process to mask wherever they turn up later
	// (MaskKnown, MaskKnownBytes).
	Secrets []string
	// PerRequest are values masked in this request's wire log, journal
	// row, --dry-run and --curl text and Send's errors, but not
	// remembered: a signature over this request's own parameters and time
	// (Bihu's SecCode), which no other request can hold. Each one
	// remembered cost every later batch line time and pushed a lasting
	// secret out of the process's set. Text the provider's client makes
	// from the answer (a message quoting the server) is the client's to
	// mask (Redactor.AddPerRequest).
	PerRequest []string
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
	// Before the request's own deadline starts: a batch line's wait for
	// its turn is not the provider's time to answer.
	if err := r.admit(ctx); err != nil {
		return nil, err
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
	ctx = WithCall(ctx, Call{Provider: r.Provider, Operation: r.Operation, Keys: withJournalKeys(ctx, r.Keys), KeysFromAnswer: r.KeysFromAnswer, Judge: r.Judge, Secrets: r.Secrets, PerRequest: r.PerRequest, Limit: limit, Acts: r.Acts})
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
			if isNoContent(resp.Status, resp.Body) {
				return nil, r.noContent(resp)
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
	for _, v := range r.PerRequest {
		red.AddPerRequest(v)
	}
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
