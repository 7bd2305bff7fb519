package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
)

// TokenCache returns the token cache of one provider in one profile.
func (s *Store) TokenCache(profile, provider string) tokencache.Cache {
	return &tokenCache{s: s, profile: profile, provider: provider}
}

// TokenCacheOptions shape how a token cache's Lock waits for another
// process: at most MaxWait (the command's --timeout; zero: as long as the
// context allows), telling OnWait once after a second.
type TokenCacheOptions struct {
	MaxWait time.Duration
	OnWait  func(LockWait)
}

// TokenCacheWith is TokenCache with a bounded, reported wait for the lock.
func (s *Store) TokenCacheWith(profile, provider string, o TokenCacheOptions) tokencache.Cache {
	return &tokenCache{s: s, profile: profile, provider: provider, opts: o}
}

type tokenCache struct {
	s                 *Store
	profile, provider string
	opts              TokenCacheOptions
}

func (t *tokenCache) Load(ctx context.Context) (*tokencache.Token, error) {
	var body string
	err := t.s.db.QueryRowContext(ctx, `SELECT body FROM tokens WHERE profile = ? AND provider = ?`, t.profile, t.provider).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var tok tokencache.Token
	if err := json.Unmarshal([]byte(body), &tok); err != nil {
		return nil, err
	}
	return &tok, nil
}

func (t *tokenCache) Save(ctx context.Context, tok *tokencache.Token) error {
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	_, err = t.s.db.ExecContext(ctx, `INSERT INTO tokens(profile, provider, body, updated_at) VALUES(?, ?, ?, ?)
		ON CONFLICT(profile, provider) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		t.profile, t.provider, string(b), t.s.stamp())
	return err
}

func (t *tokenCache) Clear(ctx context.Context) error {
	_, err := t.s.db.ExecContext(ctx, `DELETE FROM tokens WHERE profile = ? AND provider = ?`, t.profile, t.provider)
	if err == nil {
		t.s.scrub(ctx) // secure_delete zeroed the row; the WAL still holds it
	}
	return err
}

// Lock holds the profile's token lock for this provider while fn runs. A
// wait that runs out of time is a failure.Network error (exit 5) naming
// the holder; nothing was sent.
func (t *tokenCache) Lock(ctx context.Context, fn func() error) error {
	err := t.s.Lock(ctx, "token:"+t.profile+":"+t.provider, LockOptions{
		Purpose: "refreshing the " + t.provider + " token",
		MaxWait: t.opts.MaxWait,
		OnWait:  t.opts.OnWait,
	}, fn)
	var te *LockTimeoutError
	if errors.As(err, &te) {
		hint := "if that process is stuck, stop it (a dead holder's lock is taken over at once), or allow more time with --timeout"
		if te.Holder.PID == 0 {
			hint = "the time limit ran out before the " + t.provider + " token could be fetched: allow more time with --timeout"
		} else if te.Holder.Ours() {
			hint = "another request of this run is fetching the " + t.provider + " token and the provider is slow to answer it: allow more time with --timeout"
		}
		return &failure.Error{Kind: failure.Network, Provider: t.provider, Operation: "token",
			Message: te.Error() + "; nothing was sent", Err: err, Hint: hint}
	}
	return err
}
