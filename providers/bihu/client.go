// Package bihu speaks the Bihu (壁虎) partner API: a login that returns a
// page token, the renewal lookup that returns a RenewalToken for the quote
// page, and sign-out. Results are told apart by HTTP status, not by a code
// in the body.
package bihu

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Provider is the name this package reports in errors and httpx.Call.
const Provider = "bihu"

// DefaultSessionTimeout is the session length asked for at login when the
// profile names none. The login document counts it in seconds; two hours
// matches the other partners' tokens and outlives any batch of lookups.
const DefaultSessionTimeout = 2 * time.Hour

// Policies are what each operation accepts back and whether it may be
// repeated (docs/reliability.md). Bihu's answers are a few hundred bytes.
// Nothing here acts: a login opens one more session, a renewal is a
// look-up, a sign-out of an ended session answers 403, so all are
// repeated after a connection failure, a 429 or a 5xx.
var Policies = map[string]httpx.Policy{
	"login":   {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
	"renewal": {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
	"signout": {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
}

// Config is one profile's Bihu settings.
type Config struct {
	BaseURL   string // e.g. http://lzl.91bihu.com (test) or http://bao.91bihu.com
	AgentID   string
	Username  string // the partner's own user the session is opened for
	SecretKey string
	CityCode  string // default city: a code or a name from Cities
	// SessionTimeout is the session length asked for at login, sent in
	// whole seconds. Zero means DefaultSessionTimeout.
	SessionTimeout time.Duration
	LowerHex       bool // send lower-case hex SecCodes; default upper
	// PageBaseURL is where the quote and replenish pages live; empty means
	// BaseURL, which is how the production host serves both.
	PageBaseURL string
	HTTP        *http.Client
	Tokens      tokencache.Cache // nil: a cache for this process only
	Now         func() time.Time
	// TokenScope names the server a cached token belongs to; empty means
	// BaseURL. The CLI's in-process sandbox listens on a new port in every
	// process, so it scopes its tokens by "sandbox" instead, letting
	// separate processes share one login as they would with a real server.
	TokenScope string
}

// Client calls Bihu for one profile. It is safe for concurrent use when its
// token cache is.
type Client struct {
	cfg Config

	// refused is the last login Bihu refused (403, 406, 416) and when:
	// the lookups of a --batch share this client, and each would
	// otherwise send the same bad credentials again, one login per line.
	refusedMu sync.Mutex
	refused   *failure.Error
	refusedAt time.Time
}

// New returns a client, filling in defaults for what cfg leaves out.
func New(cfg Config) *Client {
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	cfg.PageBaseURL = strings.TrimRight(strings.TrimSpace(cfg.PageBaseURL), "/")
	if cfg.PageBaseURL == "" {
		cfg.PageBaseURL = cfg.BaseURL
	}
	if cfg.SessionTimeout <= 0 {
		cfg.SessionTimeout = DefaultSessionTimeout
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.Tokens == nil {
		cfg.Tokens = &tokencache.Memory{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{cfg: cfg}
}

// Config returns the settings in force, defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// timeoutSeconds is the session timeout as sent: whole seconds, at least 1.
func (c *Client) timeoutSeconds() string {
	s := int64(c.cfg.SessionTimeout / time.Second)
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// checkCredentials stops a request that cannot succeed before it is sent.
func (c *Client) checkCredentials(op string) error {
	var missing []failure.FieldError
	for _, f := range []struct{ name, v string }{
		{"endpoint", c.cfg.BaseURL}, {"agent-id", c.cfg.AgentID},
		{"username", c.cfg.Username}, {"secret-key", c.cfg.SecretKey},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, failure.FieldError{Field: f.name, Rule: "is required in the bihu profile"})
		}
	}
	if len(missing) > 0 {
		return failure.Invalid(Provider, op, missing...)
	}
	return nil
}

// answer is one HTTP exchange's outcome.
type answer struct {
	status int
	raw    []byte
	body   body // nil when the body is not a JSON object
	// problem says what is wrong with the body, if anything.
	problem bodyProblem
	rq      httpx.Request
	resp    *httpx.Response
}

// send performs sr through httpx.Send, which repeats it after a connection
// failure, a 429 or a 5xx (see Policies). Failures with no answer come
// back as errors (a dry run wraps httpx.ErrDryRun); every answer comes
// back whatever its status, for the caller to read as the document says.
func (c *Client) send(ctx context.Context, sr *SignedRequest, keys map[string]string, secrets ...string) (*answer, error) {
	u := c.cfg.BaseURL + "/" + sr.Path
	h := http.Header{}
	var b []byte
	if sr.Method == http.MethodGet {
		// In the document's order (agentId, token, secCode), not the
		// alphabetical one url.Values.Encode would give: a server or a
		// proxy that compares the query as written sees what the document shows.
		q := make([]string, 0, len(sr.Order))
		for _, k := range sr.Order {
			q = append(q, url.QueryEscape(k)+"="+url.QueryEscape(sr.Params[k]))
		}
		u += "?" + strings.Join(q, "&")
	} else {
		b = []byte(string(sr.Body))
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("Accept", "application/json")
	rq := httpx.Request{
		Provider: Provider, Operation: sr.Operation, Method: sr.Method, URL: u, Header: h, Body: b, Keys: httpx.MergeKeys(keys, keyFields.FromBody(b)), KeysFromAnswer: keyFields.Answer(),
		Secrets: nonEmpty(append([]string{c.cfg.SecretKey}, secrets...)),
		// The SecCode signs this request's own parameters and time: no
		// other request holds it, so the process need not remember it
		// (each one would cost every later line of a batch).
		PerRequest: nonEmpty([]string{sr.SecCode}),
		Policy:     Policies[sr.Operation],
	}
	own := httpx.NewRedactor()
	for _, v := range rq.PerRequest {
		own.AddPerRequest(v)
	}
	// The journal row says what the operation makes of the answer: a 206
	// renewal, a 2xx that is not a result, is failed, not ok.
	rq.Judge = func(r *httpx.Response) error { return c.verdict(sr, readAnswer(rq, r, own)) }
	resp, err := httpx.Send(ctx, c.cfg.HTTP, rq)
	if err != nil {
		return nil, err
	}
	return readAnswer(rq, resp, own), nil
}

// readAnswer reads resp with the values own masks (the request's SecCode)
// masked in it: a server quoting what it was sent puts them in a message,
// a result's data or its raw bytes, which reach stderr, stdout and the
// store beyond the request's wire log and journal row, where the
// process's set of secrets (httpx.MaskKnown) no longer holds them.
func readAnswer(rq httpx.Request, resp *httpx.Response, own *httpx.Redactor) *answer {
	raw := resp.Body
	if len(raw) > 0 {
		text := string(raw)
		if m := own.Apply(text); m != text {
			raw = []byte(m)
		}
	}
	a := &answer{status: resp.Status, raw: raw, rq: rq, resp: resp}
	a.problem = inspectBody(resp.Header.Get("Content-Type"), a.raw)
	if a.problem.charset == "" {
		a.body, _ = parseBody(a.problem.decoded)
	}
	return a
}

// verdict is what sr's operation makes of an answer, as its caller reads
// it: nil for a result, else the error the caller returns.
func (c *Client) verdict(sr *SignedRequest, a *answer) error {
	switch sr.Operation {
	case "login":
		_, err := c.loginAnswer(a, sr)
		return err
	case "signout":
		_, err := c.signOutAnswer(a, sr)
		return err
	case "renewal":
		_, err := c.renewalResult(a, sr)
		return err
	}
	return nil
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
