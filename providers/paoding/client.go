// Package paoding is the client of the Paoding 4S maintenance-report
// platform (庖丁解车): a 2-hour token obtained with a static sign, then
// brand and brand-factory catalogues, report purchase by VIN or licence
// photo, and the report itself, delivered by polling or by notification.
package paoding

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Provider is the name used in errors, calls and the config.
const Provider = "paoding"

// DefaultAPIVersion is the only interface version the document defines.
const DefaultAPIVersion = "1.0"

// DefaultRefreshMargin is how long before expiry Token refreshes.
const DefaultRefreshMargin = 10 * time.Minute

// Header names. Document version 1.2 replaced underscores with hyphens;
// older servers still want the underscores (HeaderStyleUnderscores).
const (
	HeaderVersion       = "Api-4s-Version"
	HeaderToken         = "Authorization-Token"
	LegacyHeaderVersion = "Api_4s_Version"
	LegacyHeaderToken   = "Authorization_Token"
)

// Header spellings a profile can choose (the header-style setting).
const (
	HeaderStyleHyphens     = "hyphens"
	HeaderStyleUnderscores = "underscores"
)

// HeaderNames returns the version and token header names of a style; any
// style but HeaderStyleUnderscores is the current hyphenated spelling.
func HeaderNames(style string) (version, token string) {
	if strings.EqualFold(strings.TrimSpace(style), HeaderStyleUnderscores) {
		return LegacyHeaderVersion, LegacyHeaderToken
	}
	return HeaderVersion, HeaderToken
}

// Operation names, used in httpx.Call, errors and quotas.
const (
	OpTokenGenerate    = "token.generate"
	OpTokenRefresh     = "token.refresh"
	OpBrandList        = "brand.list"
	OpBrandFactoryList = "brandFactory.list"
	OpBrandFactoryGet  = "brandFactory.get"
	OpReportBuy        = "report.buy"
	OpReportGet        = "report.get"
)

// Paths of the operations, relative to BaseURL.
const (
	PathTokenGenerate = "/4s/token/generate"
	// PathTokenGet is the name the document's security overview gives the
	// same interface; the client tries it only when PathTokenGenerate is
	// not found (404).
	PathTokenGet         = "/4s/token/get"
	PathTokenRefresh     = "/4s/token/refresh"
	PathBrandList        = "/4s/brand/list"
	PathBrandFactoryList = "/4s/brandFactory/list"
	PathBrandFactoryGet  = "/4s/brandFactory/get"
	PathReportBuy        = "/4s/report/buy"
	PathReportGet        = "/4s/report/get"
)

// TimeLayout is the document's timestamp format (lastModifyTime, createTime).
const TimeLayout = "2006-01-02 15:04:05"

// Policies are what each operation accepts back and whether it may be
// repeated (docs/reliability.md). A report carries images, so report.get
// takes up to 16 MiB; the catalogues list every brand and factory. A
// purchase acts and is never repeated; a refresh token works only once, so
// a refresh is not repeated either.
var Policies = map[string]httpx.Policy{
	OpTokenGenerate:    {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
	OpTokenRefresh:     {Limit: httpx.SmallLimit, Retry: httpx.NoRetry},
	OpBrandList:        {Limit: httpx.MediumLimit, Retry: httpx.Idempotent},
	OpBrandFactoryList: {Limit: httpx.MediumLimit, Retry: httpx.Idempotent},
	OpBrandFactoryGet:  {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
	OpReportBuy:        {Limit: httpx.SmallLimit, Retry: httpx.NoRetry, Acts: true},
	OpReportGet:        {Limit: httpx.MaxLimit, Retry: httpx.Idempotent},
}

// buyCheckHint is what to do when a purchase may have gone through.
const buyCheckHint = "run `insure vin-report get ORDER_ID` to learn whether the order exists before buying again; a second buy with the same orderId is refused (30020), never charged twice"

// Config holds the account and plumbing of a Client.
type Config struct {
	BaseURL       string // e.g. "http://openapi4s.beitaijf.cn"; the /4s/... paths are appended
	Username      string
	Password      string
	APIVersion    string           // Api-4s-Version header; DefaultAPIVersion when empty
	HeaderStyle   string           // HeaderStyleHyphens (default) or HeaderStyleUnderscores
	HTTP          *http.Client     // http.DefaultClient when nil
	Tokens        tokencache.Cache // required for every call but GenerateToken's result to persist
	Now           func() time.Time // time.Now when nil
	RefreshMargin time.Duration    // DefaultRefreshMargin when zero
}

// Client calls the platform. It is safe for concurrent use.
type Client struct {
	cfg Config

	mu            sync.Mutex
	renewFailedAt time.Time // when renewing a still-valid token last failed
}

// New returns a Client with defaults filled in.
func New(cfg Config) *Client {
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RefreshMargin == 0 {
		cfg.RefreshMargin = DefaultRefreshMargin
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Client{cfg: cfg}
}

type envelope struct {
	Code   Text            `json:"code"`
	Remark Text            `json:"remark"`
	Data   json.RawMessage `json:"data"`
}

type request struct {
	op      string
	method  string
	path    string
	query   url.Values
	form    url.Values
	keys    map[string]string
	token   string   // Authorization-Token; empty only for generate
	secrets []string // beyond the account's own
	// judge, when set, reads a 10000 answer further, as the operation's
	// caller will (a report's status), so the journal row agrees with it.
	judge func(env *envelope, raw []byte) error
}

// send performs one request and classifies the answer. On a business code
// other than 10000 it returns the raw body with a *failure.Error carrying
// the code.
func (c *Client) send(ctx context.Context, rq request) (*envelope, []byte, error) {
	u := c.cfg.BaseURL + rq.path
	if len(rq.query) > 0 {
		u += "?" + rq.query.Encode()
	}
	// Set by key, not Header.Set: the spelling is sent as configured.
	hv, ht := HeaderNames(c.cfg.HeaderStyle)
	h := http.Header{}
	h[hv] = []string{c.cfg.APIVersion}
	if rq.token != "" {
		h[ht] = []string{rq.token}
	}
	var body []byte
	if rq.form != nil {
		body = []byte(rq.form.Encode())
		h.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	}
	h.Set("Accept", "application/json")
	secrets := append(c.accountSecrets(), rq.secrets...)
	if rq.token != "" {
		secrets = append(secrets, rq.token)
	}
	hr := httpx.Request{
		Provider: Provider, Operation: rq.op, Method: rq.method, URL: u, Header: h, Body: body,
		Keys: rq.keys, KeysFromAnswer: keyFields.Answer(), Secrets: nonEmpty(secrets), Policy: Policies[rq.op], CheckHint: buyCheckHint,
	}
	// The journal row records the business code this reading finds, so a
	// refusal inside a 200 is not recorded as ok.
	hr.Judge = func(r *httpx.Response) error {
		env, err := readAnswer(hr, r)
		if err == nil && rq.judge != nil {
			err = rq.judge(env, r.Body)
		}
		return err
	}
	resp, err := httpx.Send(ctx, c.cfg.HTTP, hr)
	if err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Usage {
			fe.Hint = "check the profile's paoding endpoint (an absolute http or https URL)"
		}
		return nil, nil, err
	}
	env, err := readAnswer(hr, resp)
	var fe *failure.Error
	if hasCode(err, "10010") && errors.As(err, &fe) && rq.op != OpTokenRefresh && !strings.Contains(fe.Hint, "header-style") {
		// A server that wants the other header spelling reads the version
		// header as missing: 10010 on every call, whatever was sent.
		fe.Hint += "; " + headerStyleHint(c.cfg.HeaderStyle)
	}
	return env, resp.Body, err
}

// headerStyleHint is what to check of the header spelling when a call
// is refused as a bad parameter.
func headerStyleHint(style string) string {
	if v, _ := HeaderNames(style); v == LegacyHeaderVersion {
		return "the profile's header-style is underscores (" + LegacyHeaderVersion + "), which a server following document version 1.2 or later reads as no version header: try header-style hyphens"
	}
	return "if the parameters are right, check the profile's header-style (servers older than document version 1.2 want underscores)"
}

// readAnswer reads an answer's envelope: an error status without one, a
// body that is not one, or a business code other than 10000 is an error
// (with the envelope in the last case).
func readAnswer(hr httpx.Request, resp *httpx.Response) (*envelope, error) {
	raw := resp.Body
	var env envelope
	parseErr := json.Unmarshal(raw, &env)
	if parseErr == nil && env.Code == "" {
		parseErr = errors.New("no code field")
	}
	if resp.Status/100 != 2 && parseErr != nil {
		return nil, statusError(hr, resp)
	}
	if parseErr != nil {
		return nil, &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: hr.Operation,
			Message: fmt.Sprintf("unparseable answer (HTTP %d, %d bytes): %v", resp.Status, len(raw), parseErr),
			Hint:    "rerun with -v to see the body; check that the endpoint is the paoding API and not a proxy page",
			Err:     parseErr}
	}
	if code := strings.TrimSpace(string(env.Code)); code != CodeOK {
		return &env, codeError(hr.Operation, code, string(env.Remark))
	}
	return &env, nil
}

func (c *Client) accountSecrets() []string {
	if c.cfg.Password == "" {
		return nil
	}
	return []string{c.cfg.Password, PasswordDigest(c.cfg.Password), Sign(c.cfg.Username, c.cfg.Password)}
}

func nonEmpty(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// statusError is an HTTP error status without a paoding answer in the
// body: the shared table decides its kind, with paoding's hints.
func statusError(hr httpx.Request, resp *httpx.Response) error {
	e := hr.StatusError(resp)
	e.Message += " without a paoding answer"
	switch {
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusMethodNotAllowed:
		e.Hint = "check the profile's paoding endpoint: it should be the host only, without /4s"
	case e.Kind == failure.Auth:
		e.Hint = "a proxy or gateway refused the request before paoding saw it; check the profile's paoding endpoint and credentials"
	}
	return e
}

// DryRunToken is the Authorization-Token of a business call printed by
// --dry-run or --curl when no usable token is cached: the token request
// printed before it would get the real one.
const DryRunToken = "DRY-RUN-TOKEN"

// call runs a business operation with the cached token. A token the server
// rejects (10030) is replaced once and the call repeated once: a rejected
// call was not executed, so repeating even a purchase is safe.
func (c *Client) call(ctx context.Context, rq request) (*envelope, []byte, error) {
	tok, err := c.Token(ctx)
	if errors.Is(err, httpx.ErrDryRun) {
		// Under --dry-run show the business request too, with a stand-in token.
		rq.token = DryRunToken
		_, _, err2 := c.send(ctx, rq)
		if err2 == nil {
			return nil, nil, err
		}
		if errors.Is(err2, httpx.ErrDryRun) {
			return nil, nil, joinDryRuns(rq.op, err, err2)
		}
		return nil, nil, err2
	}
	if err != nil {
		return nil, nil, err
	}
	rq.token = tok.Value
	rq.secrets = append(rq.secrets, tok.RefreshToken)
	env, raw, err := c.send(ctx, rq)
	if !hasCode(err, "10030") {
		return env, raw, err
	}
	tok, rerr := c.renew(ctx, tok.Value)
	if rerr != nil {
		return env, raw, rerr
	}
	rq.token = tok.Value
	rq.secrets = append(rq.secrets, tok.RefreshToken)
	env, raw, err = c.send(ctx, rq)
	var fe *failure.Error
	if hasCode(err, "10030") && errors.As(err, &fe) {
		// The hint to get a new token was just followed: say so, and
		// point at what a new token cannot fix.
		fe.Message += "; a token generated just now was refused too"
		fe.Hint = "the user name and password are accepted but this call is not: ask the provider whether the account may use " + rq.op
	}
	return env, raw, err
}

// joinDryRuns is the dry run of a business call that would log in first:
// both requests as shown, the login then the call, so a --batch line's
// result (which keeps one error's text) documents what the line would
// send, as the single command prints both.
func joinDryRuns(op string, login, call error) error {
	var l, b *httpx.DryRunError
	if !errors.As(login, &l) || !errors.As(call, &b) {
		return login
	}
	// A blank line between them: the login's body has no end of its own.
	shown := strings.TrimRight(l.Shown, "\n") + "\n\n" + b.Shown
	return fmt.Errorf("%s %s: %w", Provider, op, &httpx.DryRunError{Shown: shown})
}

func hasCode(err error, codes ...string) bool {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return false
	}
	for _, c := range codes {
		if fe.Code == c {
			return true
		}
	}
	return false
}

// decodeList decodes the data of a list operation. The document writes
// an answer without data as an empty object ("data": {}) throughout, so
// an empty object (or null, or no data at all) is an empty list, not an
// unreadable answer: a brandFactory.list with nothing changed since
// lastModifyTime may well come back that way.
func decodeList(op string, env *envelope, raw []byte, v any) error {
	d := bytes.TrimSpace(env.Data)
	if len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil
	}
	if d[0] == '{' {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(d, &m); err == nil && len(m) == 0 {
			return nil
		}
	}
	return decodeData(op, env, raw, v)
}

func decodeData(op string, env *envelope, raw []byte, v any) error {
	if err := json.Unmarshal(env.Data, v); err != nil {
		return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
			Message: fmt.Sprintf("the data of a successful answer does not decode (%d bytes): %v", len(raw), err),
			Hint:    "rerun with -o raw to see the body, and report it to the insure maintainers", Err: err}
	}
	return nil
}
