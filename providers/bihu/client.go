// Package bihu speaks the Bihu (壁虎) partner API: a login that returns a
// page token, the renewal lookup that returns a RenewalToken for the quote
// page, and sign-out. Results are told apart by HTTP status, not by a code
// in the body.
package bihu

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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

// BuildLogin signs a login request at the client's current time.
func (c *Client) BuildLogin() *SignedRequest {
	ts := strconv.FormatInt(c.cfg.Now().Unix(), 10)
	to := c.timeoutSeconds()
	canonical, code := LoginSecCode(c.cfg.AgentID, c.cfg.Username, c.cfg.SecretKey, ts, to, c.cfg.LowerHex)
	p := map[string]string{"agentId": c.cfg.AgentID, "userName": c.cfg.Username, "timestamp": ts, "timeout": to, "secCode": code}
	order := []string{"agentId", "userName", "timestamp", "timeout", "secCode"}
	return &SignedRequest{
		Operation: "login", Method: http.MethodPost, Path: PathLogin,
		Params: p, Order: order, Canonical: MaskCanonical(canonical, c.cfg.SecretKey),
		SecCode: code, Body: orderedJSON(p, order),
	}
}

// BuildSignOut signs a sign-out request for token.
func (c *Client) BuildSignOut(token string) *SignedRequest {
	canonical, code := SignOutSecCode(c.cfg.AgentID, c.cfg.SecretKey, token, c.cfg.LowerHex)
	p := map[string]string{"agentId": c.cfg.AgentID, "token": token, "secCode": code}
	return &SignedRequest{
		Operation: "signout", Method: http.MethodGet, Path: PathSignOut,
		Params: p, Order: []string{"agentId", "token", "secCode"},
		Canonical: maskToken(MaskCanonical(canonical, c.cfg.SecretKey), token), SecCode: code,
	}
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
		q := url.Values{}
		for _, k := range sr.Order {
			q.Set(k, sr.Params[k])
		}
		u += "?" + q.Encode()
	} else {
		b = []byte(string(sr.Body))
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("Accept", "application/json")
	rq := httpx.Request{
		Provider: Provider, Operation: sr.Operation, Method: sr.Method, URL: u, Header: h, Body: b, Keys: httpx.MergeKeys(keys, keyFields.FromBody(b)), KeysFromAnswer: keyFields.Answer(),
		Secrets: nonEmpty(append([]string{c.cfg.SecretKey, sr.SecCode}, secrets...)),
		Policy:  Policies[sr.Operation],
	}
	// The journal row says what the operation makes of the answer: a 206
	// renewal, a 2xx that is not a result, is failed, not ok.
	rq.Judge = func(r *httpx.Response) error { return c.verdict(sr, readAnswer(rq, r)) }
	resp, err := httpx.Send(ctx, c.cfg.HTTP, rq)
	if err != nil {
		return nil, err
	}
	return readAnswer(rq, resp), nil
}

func readAnswer(rq httpx.Request, resp *httpx.Response) *answer {
	a := &answer{status: resp.Status, raw: resp.Body, rq: rq, resp: resp}
	a.problem = inspectBody(resp.Header.Get("Content-Type"), resp.Body)
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

// Login always opens a new session and caches its token until the session
// timeout asked for runs out.
func (c *Client) Login(ctx context.Context) (*tokencache.Token, error) {
	var tok *tokencache.Token
	err := c.cfg.Tokens.Lock(ctx, func() error {
		var err error
		tok, err = c.login(ctx)
		return err
	})
	return tok, err
}

// relogin answers a 403 to refused: it logs in again unless another
// lookup already has, since the refusal, and cached the new session, which
// is then used. Lookups refused together (a batch whose session ended)
// thus open one session between them, not one each that nothing uses or
// signs out.
func (c *Client) relogin(ctx context.Context, refused string) (*tokencache.Token, error) {
	var tok *tokencache.Token
	err := c.cfg.Tokens.Lock(ctx, func() error {
		cached, err := c.cfg.Tokens.Load(ctx)
		if err != nil {
			return err
		}
		if c.usable(cached) && cached.Value != refused {
			tok = cached
			return nil
		}
		tok, err = c.login(ctx)
		return err
	})
	return tok, err
}

// Token returns the cached token while it is valid for this profile, and
// logs in otherwise.
func (c *Client) Token(ctx context.Context) (*tokencache.Token, error) {
	// A usable cached token needs no lock: only a login is serialised, so
	// a lookup never waits for another process that holds the lock.
	if cached, err := c.cfg.Tokens.Load(ctx); err == nil && c.usable(cached) {
		return cached, nil
	}
	var tok *tokencache.Token
	err := c.cfg.Tokens.Lock(ctx, func() error {
		cached, err := c.cfg.Tokens.Load(ctx)
		if err != nil {
			return err
		}
		if c.usable(cached) {
			tok = cached
			return nil
		}
		tok, err = c.login(ctx)
		return err
	})
	return tok, err
}

// usable says whether a cached token can still be sent. A token from
// another agent, user or endpoint (the profile was edited) is not, and one
// about to expire is not either, so a lookup does not race its expiry.
func (c *Client) usable(t *tokencache.Token) bool {
	margin := min(30*time.Second, c.cfg.SessionTimeout/10)
	if !t.Valid(c.cfg.Now(), margin) {
		return false
	}
	return t.Extra["agentId"] == c.cfg.AgentID && t.Extra["userName"] == c.cfg.Username &&
		t.Extra["endpoint"] == c.tokenScope()
}

// login sends one login; the caller holds the cache lock.
func (c *Client) login(ctx context.Context) (*tokencache.Token, error) {
	if err := c.checkCredentials("login"); err != nil {
		return nil, err
	}
	issued := c.cfg.Now()
	sr := c.BuildLogin()
	a, err := c.send(ctx, sr, map[string]string{"agentId": c.cfg.AgentID, "userName": c.cfg.Username})
	if err != nil {
		return nil, err
	}
	value, err := c.loginAnswer(a, sr)
	if err != nil {
		return nil, err
	}
	tok := &tokencache.Token{
		Value: value, IssuedAt: issued, ExpiresAt: issued.Add(c.cfg.SessionTimeout),
		Extra: map[string]string{"agentId": c.cfg.AgentID, "userName": c.cfg.Username, "endpoint": c.tokenScope()},
	}
	if err := c.cfg.Tokens.Save(ctx, tok); err != nil {
		return nil, fmt.Errorf("bihu login: saving the token: %w", err)
	}
	return tok, nil
}

// loginAnswer is the session token a login's answer carries, or why
// there is none.
func (c *Client) loginAnswer(a *answer, sr *SignedRequest) (string, error) {
	if e := badBody("login", a); e != nil {
		return "", e
	}
	if a.status != http.StatusOK {
		return "", c.loginError(a, sr)
	}
	value := a.body.str("Token")
	if value == "" {
		return "", &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: "login",
			Code: "200", Message: "login answered 200 without a Token",
			Hint: "run with -v to see the answer; the server may have changed its format"}
	}
	return value, nil
}

// signOutAnswer reads a sign-out's answer: a 403 means the session had
// already ended, which is what was wanted.
func (c *Client) signOutAnswer(a *answer, sr *SignedRequest) (SignOutResult, error) {
	if e := badBody("signout", a); e != nil {
		return NoSession, e
	}
	switch a.status {
	case http.StatusOK:
		return SignedOut, nil
	case http.StatusForbidden:
		return AlreadyEnded, nil
	}
	return NoSession, c.signOutError(a, sr)
}

// SignOutResult is what a sign-out came to.
type SignOutResult int

const (
	// NoSession: nothing was cached, so nothing was sent.
	NoSession SignOutResult = iota
	// SignedOut: Bihu accepted the sign-out (200).
	SignedOut
	// AlreadyEnded: Bihu answered 403, the session had already ended.
	AlreadyEnded
)

// SignOut ends the cached session on the server and forgets it. With no
// cached session there is nothing to end and nothing is sent. A 403 means
// the server has already ended the session, which is what was wanted.
func (c *Client) SignOut(ctx context.Context) error {
	_, err := c.EndSession(ctx)
	return err
}

// EndSession is SignOut, saying what came of it.
func (c *Client) EndSession(ctx context.Context) (SignOutResult, error) {
	res := NoSession
	err := c.cfg.Tokens.Lock(ctx, func() error {
		cached, err := c.cfg.Tokens.Load(ctx)
		if err != nil {
			return err
		}
		if cached == nil || cached.Value == "" {
			return nil
		}
		if err := c.checkCredentials("signout"); err != nil {
			return err
		}
		sr := c.BuildSignOut(cached.Value)
		a, err := c.send(ctx, sr, nil, cached.Value)
		if err != nil {
			return err
		}
		r, err := c.signOutAnswer(a, sr)
		if err != nil {
			return err
		}
		res = r
		return c.cfg.Tokens.Clear(ctx)
	})
	return res, err
}

func (c *Client) tokenScope() string {
	if c.cfg.TokenScope != "" {
		return c.cfg.TokenScope
	}
	return c.cfg.BaseURL
}
