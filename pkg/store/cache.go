package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// CacheEntry is a cached provider list (paoding's brand factories).
type CacheEntry struct {
	Body      []byte
	UpdatedAt time.Time
}

// GetCache returns a cached body, or ErrNotFound.
func (s *Store) GetCache(ctx context.Context, profile, provider, name string) (*CacheEntry, error) {
	var body, ts string
	err := s.db.QueryRowContext(ctx, `SELECT body, updated_at FROM cache WHERE profile = ? AND provider = ? AND name = ?`, profile, provider, name).Scan(&body, &ts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t, _ := time.Parse(time.RFC3339Nano, ts)
	return &CacheEntry{Body: []byte(body), UpdatedAt: t}, nil
}

// PutCache stores a body.
func (s *Store) PutCache(ctx context.Context, profile, provider, name string, body []byte) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cache(profile, provider, name, body, updated_at) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(profile, provider, name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		profile, provider, name, string(body), s.stamp())
	return err
}

// Record is an indexed business object: an order, a quotation, a policy, a
// sunshine session.
type Record struct {
	Profile, Provider, Kind, ID string
	Body                        []byte
	CreatedAt, UpdatedAt        time.Time
}

const putRecordSQL = `INSERT INTO records(profile, provider, kind, id, body, created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(profile, provider, kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`

// PutRecord inserts or replaces a record, keeping its creation time.
func (s *Store) PutRecord(ctx context.Context, r Record) error {
	now := s.stamp()
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, s.stmts.record).ExecContext(ctx,
			r.Profile, r.Provider, r.Kind, r.ID, string(r.Body), now, now)
		return err
	})
}

// NoteRecord is PutRecord for a record nobody waits for (a quotation, a
// policy, an endorsement noted for later look-ups): in write-behind mode
// it is queued, not waited for. Its failure is not the caller's.
func (s *Store) NoteRecord(ctx context.Context, r Record) {
	now := s.stamp()
	_ = s.writeBehind(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, s.stmts.record).ExecContext(ctx,
			r.Profile, r.Provider, r.Kind, r.ID, string(r.Body), now, now)
		return err
	})
}

// GetRecord returns one record or ErrNotFound.
func (s *Store) GetRecord(ctx context.Context, profile, provider, kind, id string) (*Record, error) {
	s.settled(ctx)
	r := Record{Profile: profile, Provider: provider, Kind: kind, ID: id}
	var body, c, u string
	err := s.db.QueryRowContext(ctx, `SELECT body, created_at, updated_at FROM records WHERE profile = ? AND provider = ? AND kind = ? AND id = ?`,
		profile, provider, kind, id).Scan(&body, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.Body = []byte(body)
	r.CreatedAt, _ = time.Parse(time.RFC3339Nano, c)
	r.UpdatedAt, _ = time.Parse(time.RFC3339Nano, u)
	return &r, nil
}

// ListRecords lists records of one kind, newest first.
func (s *Store) ListRecords(ctx context.Context, profile, provider, kind string, limit int) ([]Record, error) {
	s.settled(ctx)
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, body, created_at, updated_at FROM records WHERE profile = ? AND provider = ? AND kind = ?
		ORDER BY updated_at DESC LIMIT ?`, profile, provider, kind, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r := Record{Profile: profile, Provider: provider, Kind: kind}
		var body, c, u string
		if err := rows.Scan(&r.ID, &body, &c, &u); err != nil {
			return nil, err
		}
		r.Body = []byte(body)
		r.CreatedAt, _ = time.Parse(time.RFC3339Nano, c)
		r.UpdatedAt, _ = time.Parse(time.RFC3339Nano, u)
		out = append(out, r)
	}
	return out, rows.Err()
}
