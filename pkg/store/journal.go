package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// JournalEntry is one recorded request.
type JournalEntry struct {
	ID         int64             `json:"id"`
	Time       time.Time         `json:"time"`
	Profile    string            `json:"profile"`
	Provider   string            `json:"provider"`
	Operation  string            `json:"operation"`
	Keys       map[string]string `json:"keys,omitempty"`
	Method     string            `json:"method"`
	URL        string            `json:"url"`
	Status     int               `json:"status"`
	DurationMS int64             `json:"duration_ms"`
	Request    string            `json:"request,omitempty"`
	Response   string            `json:"response,omitempty"`
	Error      string            `json:"error,omitempty"`
}

// Journal adapts the store to httpx.Journal. Entries arrive already
// redacted by the transport.
func (s *Store) Journal() httpx.Journal { return journal{s} }

type journal struct{ s *Store }

func (j journal) Record(ctx context.Context, e httpx.Entry) {
	keys, _ := json.Marshal(e.Keys)
	if e.Keys == nil {
		keys = []byte("{}")
	}
	// A journal failure must not fail the user's request; the row is lost
	// and the request's own result still stands.
	_, _ = j.s.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Time.UTC().Format(time.RFC3339Nano), e.Profile, e.Provider, e.Operation, string(keys), e.Method, e.URL,
		e.Status, e.Duration.Milliseconds(), e.Request, e.Response, e.Error)
}

// JournalFilter narrows History.
type JournalFilter struct {
	Profile, Provider, Operation string
	Key                          string // matches any identifier value
	Limit                        int
}

// History lists journal entries, newest first, without bodies.
func (s *Store) History(ctx context.Context, f JournalFilter) ([]JournalEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 30
	}
	q := `SELECT id, time, profile, provider, operation, keys, method, url, status, duration_ms, error FROM journal WHERE 1=1`
	var args []any
	if f.Profile != "" {
		q += ` AND profile = ?`
		args = append(args, f.Profile)
	}
	if f.Provider != "" {
		q += ` AND provider = ?`
		args = append(args, f.Provider)
	}
	if f.Operation != "" {
		q += ` AND operation = ?`
		args = append(args, f.Operation)
	}
	if f.Key != "" {
		q += ` AND EXISTS (SELECT 1 FROM json_each(journal.keys) WHERE value = ?)`
		args = append(args, f.Key)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JournalEntry
	for rows.Next() {
		var e JournalEntry
		var ts, keys string
		if err := rows.Scan(&e.ID, &ts, &e.Profile, &e.Provider, &e.Operation, &keys, &e.Method, &e.URL, &e.Status, &e.DurationMS, &e.Error); err != nil {
			return nil, err
		}
		e.Time, _ = time.Parse(time.RFC3339Nano, ts)
		_ = json.Unmarshal([]byte(keys), &e.Keys)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ErrNotFound is returned for a missing row.
var ErrNotFound = errors.New("not found")

// JournalEntryByID returns one entry with its bodies.
func (s *Store) JournalEntryByID(ctx context.Context, id int64) (*JournalEntry, error) {
	var e JournalEntry
	var ts, keys string
	err := s.db.QueryRowContext(ctx, `SELECT id, time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error FROM journal WHERE id = ?`, id).
		Scan(&e.ID, &ts, &e.Profile, &e.Provider, &e.Operation, &keys, &e.Method, &e.URL, &e.Status, &e.DurationMS, &e.Request, &e.Response, &e.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.Time, _ = time.Parse(time.RFC3339Nano, ts)
	_ = json.Unmarshal([]byte(keys), &e.Keys)
	return &e, nil
}

// KeyValues lists distinct identifier values of one key name seen in the
// journal (for shell completion: order ids, policy numbers).
func (s *Store) KeyValues(ctx context.Context, keyName string, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT je.value FROM journal, json_each(journal.keys) AS je
		WHERE je.key = ? ORDER BY journal.id DESC LIMIT ?`, keyName, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
