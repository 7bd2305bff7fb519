// Package tokencache is the contract between providers that hold login
// tokens (paoding, bihu) and whatever keeps those tokens between runs: the
// local store in the CLI, memory in tests.
package tokencache

import (
	"context"
	"sync"
	"time"
)

// Token is one provider login.
type Token struct {
	Value        string            `json:"value"`
	RefreshToken string            `json:"refresh_token,omitempty"`
	IssuedAt     time.Time         `json:"issued_at"`
	ExpiresAt    time.Time         `json:"expires_at"`
	Extra        map[string]string `json:"extra,omitempty"`
}

// ExtraUser is the Extra key naming the user name a token was issued to,
// where the provider binds its tokens to one (paoding).
const ExtraUser = "user"

// Valid reports whether the token exists and lives past now+margin.
func (t *Token) Valid(now time.Time, margin time.Duration) bool {
	return t != nil && t.Value != "" && now.Add(margin).Before(t.ExpiresAt)
}

// Cache keeps one token for one provider and profile.
type Cache interface {
	// Load returns the cached token, or nil when there is none.
	Load(ctx context.Context) (*Token, error)
	Save(ctx context.Context, t *Token) error
	Clear(ctx context.Context) error
	// Lock runs fn while holding a lock that other processes using the same
	// cache also respect, so a single-use refresh token is spent once.
	Lock(ctx context.Context, fn func() error) error
}

// Memory is a Cache for one process.
type Memory struct {
	mu   sync.Mutex
	lock sync.Mutex
	tok  *Token
}

// Load implements Cache.
func (m *Memory) Load(context.Context) (*Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == nil {
		return nil, nil
	}
	t := *m.tok
	return &t, nil
}

// Save implements Cache.
func (m *Memory) Save(_ context.Context, t *Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *t
	m.tok = &c
	return nil
}

// Clear implements Cache.
func (m *Memory) Clear(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = nil
	return nil
}

// Lock implements Cache.
func (m *Memory) Lock(_ context.Context, fn func() error) error {
	m.lock.Lock()
	defer m.lock.Unlock()
	return fn()
}
