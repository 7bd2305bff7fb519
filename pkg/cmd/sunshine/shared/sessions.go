package shared

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// RecordKind is the store record kind of a purchase session.
const RecordKind = "session"

// RecordSessions keeps purchase sessions as records of the local store, so
// sessions outlive the process and `insure sunshine sessions` lists them.
type RecordSessions struct {
	Store *store.Store
}

// Sessions is the purchase.SessionStore of the Factory's local store.
func Sessions(f *cmdutil.Factory) (purchase.SessionStore, error) {
	st, err := f.Store()
	if err != nil {
		return nil, err
	}
	return RecordSessions{Store: st}, nil
}

// Save writes the session.
func (r RecordSessions) Save(ctx context.Context, s *purchase.Session) error {
	s.UpdatedAt = time.Now().UTC()
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return r.Store.PutRecord(ctx, store.Record{Profile: s.Profile, Provider: sunshine.Provider, Kind: RecordKind, ID: s.ID, Body: b})
}

// Load reads a session; an unknown id wraps purchase.ErrSessionNotFound.
func (r RecordSessions) Load(ctx context.Context, profile, id string) (*purchase.Session, error) {
	rec, err := r.Store.GetRecord(ctx, profile, sunshine.Provider, RecordKind, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("session %s in profile %s: %w", id, profile, purchase.ErrSessionNotFound)
	}
	if err != nil {
		return nil, err
	}
	var s purchase.Session
	if err := json.Unmarshal(rec.Body, &s); err != nil {
		return nil, fmt.Errorf("session %s in the store is unreadable: %w", id, err)
	}
	s.UpdatedAt = rec.UpdatedAt
	return &s, nil
}

// List returns the profile's sessions, newest first; unreadable ones are
// left out rather than hiding the others.
func (r RecordSessions) List(ctx context.Context, profile string, limit int) ([]purchase.Session, error) {
	recs, err := r.Store.ListRecords(ctx, profile, sunshine.Provider, RecordKind, limit)
	if err != nil {
		return nil, err
	}
	out := make([]purchase.Session, 0, len(recs))
	for _, rec := range recs {
		var s purchase.Session
		if json.Unmarshal(rec.Body, &s) == nil {
			s.UpdatedAt = rec.UpdatedAt
			out = append(out, s)
		}
	}
	return out, nil
}
