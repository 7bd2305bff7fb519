package purchase

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// ErrSessionNotFound is what a SessionStore's Load wraps for an id it does
// not hold.
var ErrSessionNotFound = errors.New("no such Sunshine session")

// SessionStore keeps sessions between processes, by profile and id. The
// flow saves the session after every answer, so a later command (or a
// retry after a failure) continues where this one stopped.
type SessionStore interface {
	// Load returns the session, or an error wrapping ErrSessionNotFound.
	Load(ctx context.Context, profile, id string) (*Session, error)
	Save(ctx context.Context, s *Session) error
	// List returns the profile's sessions, newest first; limit <= 0 is a
	// default chosen by the store.
	List(ctx context.Context, profile string, limit int) ([]Session, error)
}

// OpenSession loads a session to continue; an unknown id is a usage error
// pointing at `insure sunshine sessions`.
func OpenSession(ctx context.Context, st SessionStore, profile, id string) (*Session, error) {
	s, err := st.Load(ctx, profile, id)
	if errors.Is(err, ErrSessionNotFound) {
		return nil, &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider,
			Message: fmt.Sprintf("no session %s in profile %s; nothing was sent", id, profile),
			Hint:    "list the sessions with `insure sunshine sessions`, or start one with `insure sunshine quote --plate ...`"}
	}
	return s, err
}

// MemoryStore is a SessionStore in memory, for tests and for callers that
// need no persistence. It keeps copies (through JSON, as a file store
// would), so a caller's later changes are not saved by accident.
type MemoryStore struct {
	mu       sync.Mutex
	sessions map[string][]byte // profile + "\x00" + id
	now      func() time.Time
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{sessions: map[string][]byte{}, now: time.Now}
}

// Save stores a copy of s and stamps its UpdatedAt.
func (m *MemoryStore) Save(_ context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.UpdatedAt = m.now().UTC()
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	m.sessions[s.Profile+"\x00"+s.ID] = b
	return nil
}

// Load returns a copy of a saved session.
func (m *MemoryStore) Load(_ context.Context, profile, id string) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.sessions[profile+"\x00"+id]
	if !ok {
		return nil, fmt.Errorf("session %s in profile %s: %w", id, profile, ErrSessionNotFound)
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// List returns copies of the profile's sessions, newest first.
func (m *MemoryStore) List(ctx context.Context, profile string, limit int) ([]Session, error) {
	m.mu.Lock()
	var keys []string
	for k := range m.sessions {
		keys = append(keys, k)
	}
	m.mu.Unlock()
	var out []Session
	for _, k := range keys {
		p, id, _ := strings.Cut(k, "\x00")
		if p != profile {
			continue
		}
		s, err := m.Load(ctx, p, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
