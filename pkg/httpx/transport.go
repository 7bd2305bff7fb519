package httpx

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/internal/readall"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
)

// Options configure the client every provider uses.
type Options struct {
	// Timeout bounds a whole request, body included (--timeout). Zero
	// means no overall limit.
	Timeout time.Duration
	// ConnectTimeout, TLSTimeout and ResponseHeaderTimeout bound the
	// phases; zero picks defaults derived from Timeout.
	ConnectTimeout        time.Duration
	TLSTimeout            time.Duration
	ResponseHeaderTimeout time.Duration

	// Verbose, when set, receives the redacted wire log (-v).
	Verbose io.Writer
	// DryRun prints each request to Out instead of sending it (--dry-run);
	// Curl prints it as a curl command (--curl).
	DryRun, Curl bool
	Out          io.Writer
	// DryRunJSON prints --dry-run's request as a JSON object
	// (RenderRequestJSON) instead of HTTP text: stdout is not a terminal,
	// or -o json. --curl stays a command line.
	DryRunJSON bool
	// ShowSecrets leaves secrets in --dry-run/--curl output (never in -v).
	ShowSecrets bool
	// ForDisplay decodes GBK bodies in --dry-run output for a UTF-8
	// terminal; in a pipe the bytes stay exactly as they would be sent.
	ForDisplay bool

	// Waiting, when set (stderr on a terminal, outside a batch and -v),
	// hears of a request still unanswered after WaitingAfter, on a line
	// erased when the answer comes (waitingNote).
	Waiting io.Writer

	// Journal, when set, receives one Entry per request sent.
	Journal Journal
	Profile string

	// RootCAs are the certificate authorities trusted for TLS (LoadCAs:
	// the system roots plus --cacert); nil means the system roots.
	RootCAs *x509.CertPool

	// Base is the underlying transport (tests); default a tuned http.Transport.
	Base http.RoundTripper
}

// Entry is one journal row, already redacted.
type Entry struct {
	Time      time.Time
	Profile   string
	Provider  string
	Operation string
	Keys      map[string]string
	Method    string
	URL       string
	Status    int
	Duration  time.Duration
	Request   string
	Response  string
	Error     string
	// Verdict is the provider's reading of an answer that is not a result
	// (Request.Judge): nil when the answer is one, or nobody judged it.
	Verdict *Verdict
	// Interrupted names the signal (SIGINT, SIGTERM, SIGHUP) that cut
	// the exchange short, cancelling its context: the command exited 130,
	// 143 or 129, whatever the row's exit class says. Empty otherwise.
	Interrupted string
	// Row is the journal row this entry completes, one that ActJournal's
	// Begin wrote before the request was sent; 0 for a new row.
	Row int64
}

// Verdict is what the provider's client made of an answer that is not a
// result: the exit class of its failure, the provider's code and message,
// and whether the outcome is unknown (an act whose answer is in doubt).
type Verdict struct {
	ExitClass int
	Code      string
	Message   string
	Unknown   bool
	// NotSent: the request never left (no connection, a failed TLS
	// handshake), so it failed whatever it was: not an unknown outcome,
	// though its exit class is the network's.
	NotSent bool
}

// judge applies the call's Judge to an answer. A Judge that panics on a
// hostile answer leaves the row as the exchange recorded it: the client,
// which reads the same answer next, reports it.
func judge(fn func(*Response) error, resp *http.Response, body []byte, red *Redactor) (v *Verdict) {
	if fn == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	err := fn(&Response{Status: resp.StatusCode, Header: resp.Header, Body: body})
	if err == nil || errors.Is(err, ErrDryRun) {
		return nil
	}
	v = &Verdict{ExitClass: failure.KindOf(err).ExitCode(), Message: red.Apply(err.Error())}
	var fe *failure.Error
	if errors.As(err, &fe) {
		msg := fe.Message
		if msg == "" && fe.Err != nil {
			msg = fe.Err.Error()
		}
		v.Code, v.Message, v.Unknown = red.Apply(fe.Code), red.Apply(msg), fe.Unknown
	}
	return v
}

// Journal records requests.
type Journal interface {
	Record(ctx context.Context, e Entry)
}

// ActJournal is a Journal that writes an act's row before its request is
// sent, so that a process killed while it waits for the answer (kill -9,
// a crash, a second Ctrl-C) still leaves the act in the journal, as
// unknown, for history, find and the settle hints. Begin returns the
// row's id, 0 when it wrote none (the Entry given to Record then has Row
// 0, and a new row is written as for any request).
type ActJournal interface {
	Journal
	Begin(ctx context.Context, e Entry) (row int64)
}

// InFlightMessage is the message of an act's row while its answer is
// awaited: what the row says for good if the process never got to
// complete it.
const InFlightMessage = "sent; no answer recorded: the request was in flight when insure ended (killed, or crashed) or is still in flight"

// NewClient builds the HTTP client.
func NewClient(o Options) *http.Client {
	// Zero (or less) is no overall limit, as for http.Client; the CLI
	// refuses a negative --timeout before it gets here. Connecting and the
	// TLS handshake still give up after 10s, so a host that never answers
	// is not waited for forever.
	if o.Timeout < 0 {
		o.Timeout = 0
	}
	phase := func(d time.Duration) time.Duration {
		if o.Timeout > 0 {
			return min(d, o.Timeout)
		}
		return d
	}
	base := o.Base
	if base == nil {
		connect := o.ConnectTimeout
		if connect <= 0 {
			connect = phase(10 * time.Second)
		}
		tlsT := o.TLSTimeout
		if tlsT <= 0 {
			tlsT = phase(10 * time.Second)
		}
		hdr := o.ResponseHeaderTimeout
		if hdr <= 0 {
			hdr = o.Timeout // zero: no limit
		}
		base = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   tlsT,
			ResponseHeaderTimeout: hdr,
			// net/http's default takes 10 MiB of headers (1xx answers'
			// included), all of it kept for -v and the journal; no
			// provider sends more than a few KiB.
			MaxResponseHeaderBytes: MaxHeaderBytes,
			// A --batch keeps up to 64 requests in flight to one host;
			// with net/http's default of 2 idle connections per host,
			// all but two would be closed after each answer and dialled
			// again for the next line.
			MaxIdleConns:        64,
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     60 * time.Second,
			ForceAttemptHTTP2:   true,
			TLSClientConfig:     tlsConfig(o.RootCAs),
		}
	}
	return &http.Client{Timeout: o.Timeout, Transport: &transport{o: o, base: base}, CheckRedirect: refuseRedirect}
}

// refuseRedirect stops the client at the first 3xx: following it would
// carry Authorization-Token, signed URLs and signed bodies to wherever the
// Location points. The 3xx answer itself comes back to the caller, which
// Send turns into a Network error naming the target.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

type transport struct {
	o    Options
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	call, _ := CallFrom(req.Context())
	reqBody, err := readRequestBody(req)
	if err != nil {
		return nil, err
	}
	red := NewRedactor(call.Secrets...)
	for _, v := range call.PerRequest {
		red.AddPerRequest(v)
	}
	red.AddFromHeader(req.Header)
	red.AddFromValues(req.URL.Query())
	red.AddFromBody(req.Header.Get("Content-Type"), reqBody)

	if t.o.DryRun || t.o.Curl {
		shown := reqBody
		if t.o.ForDisplay {
			shown = displayBody(req.Header.Get("Content-Type"), reqBody)
		}
		text := ""
		if t.o.Curl {
			text = RenderCurl(req, shown)
		} else {
			text = RenderRequest(req, shown)
		}
		mask := red.Apply
		if t.o.ShowSecrets {
			mask = func(s string) string { return s }
		}
		text = mask(text)
		switch {
		case t.o.Out == nil || t.o.Out == io.Discard:
			// A batch discards the rendering (each line's result carries
			// Shown), so no JSON is built for it.
		case t.o.DryRunJSON && !t.o.Curl:
			fmt.Fprint(t.o.Out, RenderRequestJSON(req, reqBody, mask))
		default:
			fmt.Fprint(t.o.Out, text)
		}
		// Shown stays the text form: a --batch line's result documents it.
		return nil, &DryRunError{Shown: text}
	}

	shownBody := displayBody(req.Header.Get("Content-Type"), reqBody)
	shownReq := red.Apply(RecordRequest(req, shownBody))
	if t.o.Verbose != nil {
		fmt.Fprint(t.o.Verbose, iostreams.Sanitize(prefixLines("> ", ShownFromRecorded(shownReq, shownBody))))
	}
	start := time.Now()
	req, stopGuard := guardResends(req)
	defer stopGuard()
	defer waitingNote(t.o.Waiting, call)()
	// wrote says the request's headers went out: until then nothing the
	// provider could act on left (no connection, a TLS handshake that
	// failed or never ended, a proxy refusing the tunnel), and a failure
	// is recorded as such, not as an unknown outcome. Send judges its
	// attempts the same way.
	var wrote atomic.Bool
	row := t.begin(req.Context(), call, Entry{
		Time: start, Profile: t.o.Profile, Provider: call.Provider, Operation: call.Operation,
		Keys: call.Keys, Method: req.Method, URL: red.Apply(req.URL.String()), Request: shownReq,
		Verdict: &Verdict{ExitClass: failure.Network.ExitCode(), Message: InFlightMessage, Unknown: true},
	})
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}))
	resp, err := t.base.RoundTrip(req)
	if err != nil && errors.Is(context.Cause(req.Context()), errNotResent) {
		// The guard stopped net/http's own resend: say so, not "context
		// canceled", which would read as the user's Ctrl-C.
		err = errNotResent
	}
	elapsed := time.Since(start)
	entry := Entry{
		Time: start, Profile: t.o.Profile, Provider: call.Provider, Operation: call.Operation,
		Keys: call.Keys, Method: req.Method, URL: red.Apply(req.URL.String()), Duration: elapsed,
		Request: shownReq, Row: row,
	}
	if err != nil {
		entry.Error = red.Apply(err.Error())
		entry.Interrupted = interruptedBy(req.Context())
		if !wrote.Load() {
			entry.Verdict = &Verdict{ExitClass: failure.Network.ExitCode(), Message: "could not connect, nothing was sent", NotSent: true}
		}
		if t.o.Verbose != nil {
			fmt.Fprintf(t.o.Verbose, "< error after %s: %s\n", elapsed.Round(time.Millisecond), entry.Error)
		}
		t.record(req.Context(), entry)
		return nil, err
	}
	// The body is read here, for the log and the journal, through the
	// operation's limit: never more than Limit bytes are kept, and the
	// client's deadline (which cancels req's context) covers the read.
	respBody, rerr := readLimited(resp.Body, call.Limit, resp.ContentLength)
	resp.Body.Close()
	entry.Duration = time.Since(start)
	if rerr == nil {
		rerr = unreadableEncoding(req, resp, respBody)
	}
	var tooLarge *TooLargeError
	var encoded *EncodingError
	if errors.As(rerr, &tooLarge) || errors.As(rerr, &encoded) {
		// What arrived is not an answer; keep the headers only.
		respBody = nil
	}
	resp.Body = bytesBody{bytes.NewReader(respBody)}
	red.AddFromHeader(resp.Header)
	red.AddFromBody(resp.Header.Get("Content-Type"), respBody)
	entry.Status = resp.StatusCode
	if call.KeysFromAnswer != nil && respBody != nil {
		entry.Keys = MergeKeys(call.Keys, call.KeysFromAnswer(resp.StatusCode, respBody))
	}
	entry.Response = red.Apply(renderResponse(resp, displayBody(resp.Header.Get("Content-Type"), respBody)))
	if rerr != nil {
		entry.Error = red.Apply("reading the answer: " + rerr.Error())
		entry.Interrupted = interruptedBy(req.Context())
		if tooLarge != nil {
			// Not a network failure: an answer came, larger than the
			// operation accepts. The row says what Send makes of it
			// (exit 6; the outcome unknown for an act), not exit 5.
			entry.Verdict = &Verdict{ExitClass: failure.Verification.ExitCode(),
				Message: red.Apply(fmt.Sprintf("answer larger than %d bytes: it was not read further and not used", tooLarge.Limit)),
				Unknown: call.Acts}
		}
		if encoded != nil {
			entry.Verdict = &Verdict{ExitClass: failure.Verification.ExitCode(),
				Message: encoded.Error() + ": it was not used", Unknown: call.Acts}
		}
	} else if isNoContent(resp.StatusCode, respBody) && call.Provider != "" {
		// Send reports it before any Judge could read it (nocontent.go).
		entry.Verdict = noContentVerdict(resp.StatusCode, call.Acts)
	} else {
		entry.Verdict = judge(call.Judge, resp, respBody, red)
	}
	if t.o.Verbose != nil {
		// The answer is the provider's text: it reaches stderr as text,
		// without terminal control sequences (the journal keeps it whole).
		fmt.Fprintf(t.o.Verbose, "< %s (%s)\n", iostreams.Sanitize(resp.Status), entry.Duration.Round(time.Millisecond))
		fmt.Fprint(t.o.Verbose, iostreams.Sanitize(prefixLines("< ", entry.Response)))
		if rerr != nil {
			fmt.Fprintf(t.o.Verbose, "< error reading the body: %s\n", entry.Error)
		}
	}
	t.record(req.Context(), entry)
	if rerr != nil {
		return nil, rerr
	}
	return resp, nil
}

// begin writes an act's row before it is sent, when the journal can
// (ActJournal), and returns its id for the entry that completes it.
func (t *transport) begin(ctx context.Context, call Call, e Entry) int64 {
	if !call.Acts || e.Provider == "" {
		return 0
	}
	if j, ok := t.o.Journal.(ActJournal); ok {
		return j.Begin(ctx, e)
	}
	return 0
}

func (t *transport) record(ctx context.Context, e Entry) {
	if t.o.Journal != nil && e.Provider != "" {
		t.o.Journal.Record(ctx, e)
	}
}

// MaxHeaderBytes is the most header bytes an answer may have: a longer
// block ends the exchange as a network failure (exit 5; for an act the
// outcome is unknown).
const MaxHeaderBytes = 64 << 10

// maxRequestBody bounds what the transport buffers of a request body, far
// above any request a provider document describes.
const maxRequestBody = 64 << 20

func readRequestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	// Request bodies are insure's own, built from files read through
	// cmdutil.ReadFile's limits; the bound only guards against a bug.
	b, err := readall.Sized(io.LimitReader(req.Body, maxRequestBody+1), req.ContentLength)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	if len(b) > maxRequestBody {
		return nil, fmt.Errorf("request body larger than %d bytes: not sent", maxRequestBody)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return b, nil
}

func renderResponse(resp *http.Response, body []byte) string {
	var b strings.Builder
	b.Grow(headerSize(resp.Header) + len(body) + 2)
	writeHeaderAndBody(&b, resp.Header, body)
	return b.String()
}

func prefixLines(prefix, s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}
