package bihu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
)

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
	return t.Valid(c.cfg.Now(), margin) && c.sameScope(t)
}

// sameScope says whether t was opened by this client's endpoint, agent
// and user, the only server and account it may be sent to.
func (c *Client) sameScope(t *tokencache.Token) bool {
	return t != nil && t.Extra["agentId"] == c.cfg.AgentID && t.Extra["userName"] == c.cfg.Username &&
		t.Extra["endpoint"] == c.tokenScope()
}

// login sends one login; the caller holds the cache lock.
func (c *Client) login(ctx context.Context) (*tokencache.Token, error) {
	if err := c.checkCredentials("login"); err != nil {
		return nil, err
	}
	if err := c.recentRefusal(); err != nil {
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
		c.noteRefusal(err)
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

// RefusedLoginMemory is how long a client answers a login with the
// refusal Bihu gave the last one, without sending it again: the same
// credentials would be refused again, and a batch would otherwise send
// them once per line.
const RefusedLoginMemory = time.Minute

func (c *Client) noteRefusal(err error) {
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Auth {
		return
	}
	c.refusedMu.Lock()
	defer c.refusedMu.Unlock()
	c.refused, c.refusedAt = fe, c.cfg.Now()
}

// recentRefusal is the refusal noted less than RefusedLoginMemory ago,
// saying that this login was not sent.
func (c *Client) recentRefusal() error {
	c.refusedMu.Lock()
	defer c.refusedMu.Unlock()
	if c.refused == nil || c.cfg.Now().Sub(c.refusedAt) >= RefusedLoginMemory {
		return nil
	}
	out := *c.refused
	out.Message += "; not sent again, as Bihu refused the same login moments ago"
	return &out
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
		return "", missingField("login", "Token", a)
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
	// OtherScope: the cached token was opened at another endpoint, or for
	// another agent or user (the profile was edited since): it was
	// forgotten without being sent, since sending it here would hand the
	// session to a server that did not issue it and end nothing.
	OtherScope
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
		if !c.sameScope(cached) {
			res = OtherScope
			return c.cfg.Tokens.Clear(ctx)
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
