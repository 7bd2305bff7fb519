package store

import (
	"context"
	"testing"
	"time"
)

// Notifications list newest first by the instant each first arrived, not
// by the stored text: RFC 3339 with a trimmed fraction sorts "05.5Z"
// before "05Z". Filters and the limit leave the total of what matches.
func TestListNotificationsByInstantWithFilters(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	for _, r := range []struct{ order, at string }{
		{"O-A", "2026-12-01T10:00:05Z"},
		{"O-B", "2026-12-01T10:00:05.5Z"},
		{"O-C", "2026-12-01T09:00:00Z"},
		{"O-D", "2026-12-01T11:00:00Z"},
	} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications VALUES ('paoding', ?, 'h', 'status=2', ?, ?, 1)`, r.order, r.at, r.at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications VALUES ('other', 'O-X', 'h', '', '2026-12-01T12:00:00Z', '2026-12-01T12:00:00Z', 1)`); err != nil {
		t.Fatal(err)
	}
	orders := func(ns []Notification) (out []string) {
		for _, n := range ns {
			out = append(out, n.OrderID)
		}
		return out
	}
	all, total, err := s.ListNotifications(ctx, NotificationFilter{Provider: "paoding"})
	if err != nil || total != 4 || len(all) != 4 || orders(all)[0] != "O-D" || orders(all)[1] != "O-B" || orders(all)[2] != "O-A" {
		t.Fatalf("all: %v %d %v", orders(all), total, err)
	}
	since := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	until := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	some, total, err := s.ListNotifications(ctx, NotificationFilter{Provider: "paoding", Since: since, Until: until, Limit: 1})
	if err != nil || total != 2 || len(some) != 1 || some[0].OrderID != "O-B" {
		t.Fatalf("window: %v %d %v", orders(some), total, err)
	}
	one, _ := s.Notifications(ctx, "paoding", "O-C")
	if len(one) != 1 || one[0].ReceivedAt.Hour() != 9 {
		t.Fatalf("one order: %+v", one)
	}
}
