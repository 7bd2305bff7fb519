package store

import (
	"context"
	"time"
)

// notificationSchema keeps every notification a listener answered
// success to, once per order and content: the platform repeats a
// notification it thinks was not received, and a repeat is recorded by
// counting, not by a second row.
const notificationSchema = `
CREATE TABLE IF NOT EXISTS notifications (
	provider TEXT NOT NULL, order_id TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL,
	received_at TEXT NOT NULL, last_at TEXT NOT NULL, count INTEGER NOT NULL,
	PRIMARY KEY (provider, order_id, hash));
`

// Notification is one received notification.
type Notification struct {
	Provider, OrderID, Hash string
	Body                    []byte
	ReceivedAt, LastAt      time.Time
	// Count is how many times it arrived.
	Count int
}

// RecordNotification stores n durably (the write is committed when it
// returns nil) and says whether the same notification was already
// recorded; then only its count and last time change. The returned
// record is the stored one.
func (s *Store) RecordNotification(ctx context.Context, n Notification) (Notification, bool, error) {
	now := s.stamp()
	var rec Notification
	var body, first, last string
	err := s.db.QueryRowContext(ctx, `INSERT INTO notifications(provider, order_id, hash, body, received_at, last_at, count)
		VALUES(?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT(provider, order_id, hash) DO UPDATE SET count = count + 1, last_at = excluded.last_at
		RETURNING provider, order_id, hash, body, received_at, last_at, count`,
		n.Provider, n.OrderID, n.Hash, string(n.Body), now, now).
		Scan(&rec.Provider, &rec.OrderID, &rec.Hash, &body, &first, &last, &rec.Count)
	if err != nil {
		return Notification{}, false, err
	}
	rec.Body = []byte(body)
	rec.ReceivedAt, _ = time.Parse(time.RFC3339Nano, first)
	rec.LastAt, _ = time.Parse(time.RFC3339Nano, last)
	return rec, rec.Count > 1, nil
}

// Notifications lists the notifications recorded for an order, oldest
// first.
func (s *Store) Notifications(ctx context.Context, provider, orderID string) ([]Notification, error) {
	all, _, err := s.ListNotifications(ctx, NotificationFilter{Provider: provider, OrderID: orderID, Oldest: true})
	return all, err
}

// NotificationFilter selects recorded notifications.
type NotificationFilter struct {
	Provider string
	// OrderID, when set, selects one order's.
	OrderID string
	// Since and Until bound when each was first received (zero: open).
	Since, Until time.Time
	// Limit is the most returned, 0 for all.
	Limit int
	// Oldest lists oldest first; newest first otherwise.
	Oldest bool
}

// ListNotifications lists the notifications f selects, and how many it
// selects in all (Limit aside). Times are stored as RFC 3339 with
// trimmed fractions, which do not sort as text ("…:05.5Z" before
// "…:05Z"), so they are compared as instants.
func (s *Store) ListNotifications(ctx context.Context, f NotificationFilter) ([]Notification, int, error) {
	s.settled(ctx)
	where, args := " WHERE provider = ?", []any{f.Provider}
	if f.OrderID != "" {
		where += " AND order_id = ?"
		args = append(args, f.OrderID)
	}
	if !f.Since.IsZero() {
		where += " AND julianday(received_at) >= julianday(?)"
		args = append(args, f.Since.UTC().Format(time.RFC3339Nano))
	}
	if !f.Until.IsZero() {
		where += " AND julianday(received_at) < julianday(?)"
		args = append(args, f.Until.UTC().Format(time.RFC3339Nano))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notifications"+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := " ORDER BY julianday(received_at) DESC, received_at DESC, order_id"
	if f.Oldest {
		order = " ORDER BY julianday(received_at), received_at, order_id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT provider, order_id, hash, body, received_at, last_at, count FROM notifications`+where+order+` LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var body, first, last string
		if err := rows.Scan(&n.Provider, &n.OrderID, &n.Hash, &body, &first, &last, &n.Count); err != nil {
			return nil, 0, err
		}
		n.Body = []byte(body)
		n.ReceivedAt, _ = time.Parse(time.RFC3339Nano, first)
		n.LastAt, _ = time.Parse(time.RFC3339Nano, last)
		out = append(out, n)
	}
	return out, total, rows.Err()
}
