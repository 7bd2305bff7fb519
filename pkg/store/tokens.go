package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/insurekit/insure/pkg/tokencache"
)

// TokenCache returns the token cache of one provider in one profile.
func (s *Store) TokenCache(profile, provider string) tokencache.Cache {
	return &tokenCache{s: s, profile: profile, provider: provider}
}

type tokenCache struct {
	s                 *Store
	profile, provider string
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

func (t *tokenCache) Lock(ctx context.Context, fn func() error) error {
	return t.s.Lock(ctx, "token:"+t.profile+":"+t.provider, 2*time.Minute, fn)
}
