package paoding

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

// defaultLifetime applies when an answer omits effectiveDuration; the
// document gives two hours.
const defaultLifetime = 120 * time.Minute

type tokenData struct {
	// The document's table says authorizationToken, its example token.
	AuthorizationToken Text `json:"authorizationToken"`
	Token              Text `json:"token"`
	RefreshToken       Text `json:"refreshToken"`
	EffectiveDuration  Int  `json:"effectiveDuration"` // minutes
}

func (d tokenData) value() string {
	if d.AuthorizationToken != "" {
		return string(d.AuthorizationToken)
	}
	return string(d.Token)
}

// lifetime is the token's life as the answer gives it, never more than
// the document's two hours: a longer effectiveDuration (a server counting
// in seconds, say) would keep a token the platform has already ended.
func (d tokenData) lifetime() time.Duration {
	if d.EffectiveDuration <= 0 {
		return defaultLifetime
	}
	return min(time.Duration(d.EffectiveDuration)*time.Minute, defaultLifetime)
}

func (c *Client) cache() (tokencache.Cache, error) {
	if c.cfg.Tokens == nil {
		return nil, failure.New(failure.Unexpected, Provider, "token", "no token cache configured")
	}
	return ownedTokens{Cache: c.cfg.Tokens, user: c.cfg.Username}, nil
}

// tokenUser is the Extra key naming the user name a cached token was
// issued to (token show prints it).
const tokenUser = tokencache.ExtraUser

// ownedTokens is the profile's token cache seen by one user name: a token
// another user name logged in for (the profile's user name changed, or
// INSURE_PAODING_USERNAME overrides it) is not this user's, and calls
// made with it would be another account's, so it reads as no token. A
// token saved before tokens named their user is taken as it was.
type ownedTokens struct {
	tokencache.Cache
	user string
}

func (o ownedTokens) Load(ctx context.Context) (*tokencache.Token, error) {
	t, err := o.Cache.Load(ctx)
	if t == nil || err != nil {
		return t, err
	}
	if u, stamped := t.Extra[tokenUser]; stamped && u != o.user {
		return nil, nil
	}
	return t, nil
}

func (o ownedTokens) Save(ctx context.Context, t *tokencache.Token) error {
	owned := *t
	owned.Extra = map[string]string{tokenUser: o.user}
	for k, v := range t.Extra {
		if k != tokenUser {
			owned.Extra[k] = v
		}
	}
	return o.Cache.Save(ctx, &owned)
}

// TokenAnswer is the platform's answer to the last token request a call
// sent, as received: it holds the token and the refresh token in the
// clear.
type TokenAnswer struct {
	Operation string // OpTokenGenerate or OpTokenRefresh
	Body      []byte
}

func (a *TokenAnswer) set(op string, body []byte) {
	if a != nil && body != nil {
		a.Operation, a.Body = op, body
	}
}

// answerOrNil is a, or nil when nothing was answered.
func (a *TokenAnswer) answerOrNil() *TokenAnswer {
	if a == nil || a.Body == nil {
		return nil
	}
	return a
}

// GenerateToken logs in with the sign and caches the new token. Without a
// cache (Config.Tokens nil) it only returns it.
func (c *Client) GenerateToken(ctx context.Context) (*tokencache.Token, error) {
	t, _, err := c.GenerateTokenAnswer(ctx)
	return t, err
}

// GenerateTokenAnswer is GenerateToken returning the platform's answer
// too (nil when none arrived), a refusal's included.
func (c *Client) GenerateTokenAnswer(ctx context.Context) (*tokencache.Token, *TokenAnswer, error) {
	ans := &TokenAnswer{}
	if c.cfg.Tokens == nil {
		t, err := c.generateLocked(ctx, nil, ans)
		return t, ans.answerOrNil(), err
	}
	tc, _ := c.cache()
	var out *tokencache.Token
	var err error
	err = tc.Lock(ctx, func() error {
		out, err = c.generateLocked(ctx, tc, ans)
		return err
	})
	return out, ans.answerOrNil(), err
}

func (c *Client) generateLocked(ctx context.Context, tc tokencache.Cache, ans *TokenAnswer) (*tokencache.Token, error) {
	if c.cfg.Username == "" || c.cfg.Password == "" {
		return nil, failure.New(failure.Usage, Provider, OpTokenGenerate, "the profile has no paoding username or password").
			WithHint("run `insure profile add` or set INSURE_PAODING_USERNAME and INSURE_PAODING_PASSWORD")
	}
	form := url.Values{"userName": {c.cfg.Username}, "sign": {Sign(c.cfg.Username, c.cfg.Password)}}
	// The platform starts the token's life when it answers, so its end is
	// counted from before the request, not from when the answer arrived.
	sent := c.cfg.Now()
	env, raw, err := c.send(ctx, request{op: OpTokenGenerate, method: http.MethodPost, path: PathTokenGenerate, form: form})
	if hasCode(err, "404") && env == nil {
		// The document's overview names the interface /4s/token/get; a
		// server that has only that name answers the other 404. Logging
		// in changes nothing, so asking again under that name is safe.
		sent = c.cfg.Now()
		env2, raw2, err2 := c.send(ctx, request{op: OpTokenGenerate, method: http.MethodPost, path: PathTokenGet, form: form})
		if !hasCode(err2, "404") || env2 != nil {
			env, raw, err = env2, raw2, err2
		}
	}
	ans.set(OpTokenGenerate, raw)
	if err != nil {
		return nil, err
	}
	var d tokenData
	if err := decodeData(OpTokenGenerate, env, raw, &d); err != nil {
		return nil, err
	}
	if d.value() == "" {
		return nil, failure.New(failure.Verification, Provider, OpTokenGenerate, "the answer carries no token (neither authorizationToken nor token)")
	}
	t := &tokencache.Token{Value: d.value(), RefreshToken: string(d.RefreshToken), IssuedAt: sent, ExpiresAt: sent.Add(d.lifetime())}
	if tc == nil {
		return t, nil
	}
	if err := tc.Save(ctx, t); err != nil {
		return nil, failure.New(failure.Unexpected, Provider, OpTokenGenerate, "cannot save the token: %v", err)
	}
	return t, nil
}

// RefreshToken spends the cached refresh token to restart the token's two
// hours; when the server says the refresh token is spent (10010) or the
// token has ended (10030) it logs in afresh instead. It runs under the cache lock and does nothing but return the cached
// token when, by the time it holds the lock, another holder (another
// process) has already refreshed or replaced the token it first saw: a
// refresh token works once, so refreshing twice would fail with 10010.
func (c *Client) RefreshToken(ctx context.Context) (*tokencache.Token, error) {
	t, _, err := c.RefreshTokenAnswer(ctx)
	return t, err
}

// RefreshTokenAnswer is RefreshToken returning the platform's answer too:
// the refresh's, or the login's when it logged in afresh (see
// TokenAnswer.Operation); nil when nothing was sent.
func (c *Client) RefreshTokenAnswer(ctx context.Context) (*tokencache.Token, *TokenAnswer, error) {
	tc, err := c.cache()
	if err != nil {
		return nil, nil, err
	}
	seen, err := tc.Load(ctx)
	if err != nil {
		return nil, nil, failure.New(failure.Unexpected, Provider, OpTokenRefresh, "cannot read the token cache: %v", err)
	}
	ans := &TokenAnswer{}
	var out *tokencache.Token
	err = tc.Lock(ctx, func() error {
		cur, err := tc.Load(ctx)
		if err != nil {
			return failure.New(failure.Unexpected, Provider, OpTokenRefresh, "cannot read the token cache: %v", err)
		}
		if cur == nil || cur.RefreshToken == "" {
			// Nothing was sent and nothing refused: like `token show` with
			// nothing cached, this is exit 2, not an authentication failure.
			return failure.New(failure.Usage, Provider, OpTokenRefresh, "there is no cached token to refresh").
				WithHint("run `insure token get` to generate one")
		}
		if seen != nil && !sameToken(seen, cur) {
			out = cur
			return nil
		}
		if !cur.Valid(c.cfg.Now(), 0) {
			// The token's two hours are over: the server would refuse the
			// refresh's Authorization-Token (10030), and the document says
			// a token that fails is replaced by logging in again.
			out, err = c.generateLocked(ctx, tc, ans)
			return err
		}
		out, err = c.refreshLocked(ctx, tc, cur, ans)
		if hasCode(err, "10010", "10030") {
			// The refresh token is spent (10010) or the token it belongs
			// to has ended on the server (10030): neither can be
			// refreshed any more, so log in afresh, as Token does.
			out, err = c.generateLocked(ctx, tc, ans)
		}
		return err
	})
	return out, ans.answerOrNil(), err
}

func sameToken(a, b *tokencache.Token) bool {
	return a.Value == b.Value && a.RefreshToken == b.RefreshToken && a.ExpiresAt.Equal(b.ExpiresAt)
}

func (c *Client) refreshLocked(ctx context.Context, tc tokencache.Cache, cur *tokencache.Token, ans *TokenAnswer) (*tokencache.Token, error) {
	sent := c.cfg.Now()
	env, raw, err := c.send(ctx, request{
		op: OpTokenRefresh, method: http.MethodPost, path: PathTokenRefresh,
		form: url.Values{"refreshToken": {cur.RefreshToken}}, token: cur.Value, secrets: []string{cur.RefreshToken},
	})
	ans.set(OpTokenRefresh, raw)
	if err != nil {
		return nil, err
	}
	var d tokenData
	if err := decodeData(OpTokenRefresh, env, raw, &d); err != nil {
		return nil, err
	}
	if d.RefreshToken == "" {
		return nil, failure.New(failure.Verification, Provider, OpTokenRefresh, "the answer carries no new refreshToken")
	}
	t := *cur
	if v := d.value(); v != "" {
		t.Value = v
	}
	t.RefreshToken = string(d.RefreshToken)
	t.ExpiresAt = sent.Add(d.lifetime())
	if err := tc.Save(ctx, &t); err != nil {
		return nil, failure.New(failure.Unexpected, Provider, OpTokenRefresh, "cannot save the token: %v", err)
	}
	return &t, nil
}

// Token returns a token good for at least RefreshMargin: the cached one,
// else the cached one refreshed, else a new one. A refresh the server
// refuses because the refresh token is spent (10010) or the token unknown
// (10030) falls back to generating. When renewing fails otherwise (a
// quota, a 5xx, the network) the cached token is returned as long as it
// has not expired: it still works, for less than RefreshMargin.
func (c *Client) Token(ctx context.Context) (*tokencache.Token, error) {
	tc, err := c.cache()
	if err != nil {
		return nil, err
	}
	cur, err := tc.Load(ctx)
	if err != nil {
		return nil, failure.New(failure.Unexpected, Provider, "token", "cannot read the token cache: %v", err)
	}
	if cur.Valid(c.cfg.Now(), c.cfg.RefreshMargin) {
		return cur, nil
	}
	return c.obtain(ctx, tc, "")
}

// renew replaces a token the server rejected with 10030.
func (c *Client) renew(ctx context.Context, rejected string) (*tokencache.Token, error) {
	tc, err := c.cache()
	if err != nil {
		return nil, err
	}
	return c.obtain(ctx, tc, rejected)
}

// obtain does, under the lock, what Token and renew share. The cache is
// reloaded inside the lock because another process may have done the work
// while this one waited.
//
// A token inside the refresh margin still works until it expires: when
// renewing it fails for any reason but the server refusing the token
// itself (10030) — a quota (10040), a 5xx, a network failure — obtain goes
// on with it, and only fails once the token has expired.
func (c *Client) obtain(ctx context.Context, tc tokencache.Cache, rejected string) (*tokencache.Token, error) {
	var out *tokencache.Token
	err := tc.Lock(ctx, func() error {
		cur, err := tc.Load(ctx)
		if err != nil {
			return failure.New(failure.Unexpected, Provider, "token", "cannot read the token cache: %v", err)
		}
		now := c.cfg.Now()
		if cur.Valid(now, c.cfg.RefreshMargin) && cur.Value != rejected {
			out = cur
			return nil
		}
		// stillValid: the token was not rejected and has not expired, so
		// a renewal that fails need not fail the call.
		stillValid := rejected == "" && cur.Valid(now, 0)
		if stillValid && c.renewalHeldOff(now) {
			out = cur
			return nil
		}
		// A refresh sends the token itself in Authorization-Token, so one
		// the server has just rejected (10030) cannot be refreshed: the
		// document says to log in again (token/generate) instead.
		if cur != nil && cur.RefreshToken != "" && cur.Valid(now, 0) && (rejected == "" || cur.Value != rejected) {
			t, err := c.refreshLocked(ctx, tc, cur, nil)
			if err == nil {
				out = t
				return nil
			}
			switch {
			case hasCode(err, "10030"):
				stillValid = false // the server refused the token itself
			case !hasCode(err, "10010"):
				if stillValid && keepAfter(ctx, err) {
					c.holdOffRenewal(now)
					out = cur
					return nil
				}
				return err
			}
		}
		out, err = c.generateLocked(ctx, tc, nil)
		if err != nil && stillValid && keepAfter(ctx, err) {
			c.holdOffRenewal(now)
			out = cur
			return nil
		}
		return err
	})
	return out, err
}

// keepAfter says whether a renewal that failed with err leaves the still
// valid token usable: not under --dry-run (nothing was sent) and not when
// the command was cancelled.
func keepAfter(ctx context.Context, err error) bool {
	return !errors.Is(err, httpx.ErrDryRun) && ctx.Err() == nil
}

// renewalHoldOff is how long, after a renewal failed, calls go on with the
// still-valid token without trying again: a batch in a token's last
// minutes would otherwise pay a failing refresh (or its time-out) per line.
const renewalHoldOff = time.Minute

func (c *Client) holdOffRenewal(now time.Time) {
	c.mu.Lock()
	c.renewFailedAt = now
	c.mu.Unlock()
}

func (c *Client) renewalHeldOff(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.renewFailedAt.IsZero() && now.Sub(c.renewFailedAt) < renewalHoldOff && !now.Before(c.renewFailedAt)
}
