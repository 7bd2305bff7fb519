package store

import (
	"context"
	"path/filepath"
	"testing"
)

// statusJournal is a store of 200,000 requests, one in 500 of them
// failed, one in 1,000 unknown and the rest ok, each with a 1 KB request,
// written in one statement (recording them one by one took minutes).
func statusJournal(b *testing.B) *Store {
	s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	_, err = s.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
		INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error, outcome, exit_class)
		SELECT strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || (i * 60) || ' seconds') || '.' || substr('00' || (i % 1000), -3) || 'Z',
			'sandbox', 'ebao', 'quotation', '{}', 'POST', 'http://x', 200, 3, printf('%.1024c', 'x'), '{"success":true}', '',
			CASE WHEN i % 500 = 0 THEN 'failed' WHEN i % 1000 = 1 THEN 'unknown' ELSE 'ok' END,
			CASE WHEN i % 500 = 0 THEN 4 WHEN i % 1000 = 1 THEN 5 ELSE 0 END
		FROM n`)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkStatusFilter is `insure history list --status failed` on a
// journal of 200,000 requests: the newest 30 failed ones in send order,
// then the count of them all ("30 of 400 shown"). With the
// journal_status_order index both read only the failed rows; without it
// (the index dropped, as in a store made before it) every row was read.
//
//	go test ./pkg/store -run '^$' -bench StatusFilter -benchtime 20x
func BenchmarkStatusFilter(b *testing.B) {
	s := statusJournal(b)
	ctx := context.Background()
	list := func(b *testing.B) {
		for range b.N {
			f := JournalFilter{Status: OutcomeFailed, BySendTime: true, Limit: 30}
			got, err := s.History(ctx, f)
			if err != nil || len(got) != 30 || got[0].ID != 200000 {
				b.Fatalf("%d rows, first %+v, %v", len(got), got, err)
			}
			if n, err := s.CountHistory(ctx, f); err != nil || n != 400 {
				b.Fatalf("count %d %v", n, err)
			}
		}
	}
	b.Run("index", list)
	if _, err := s.db.Exec(`DROP INDEX IF EXISTS journal_status_order`); err != nil {
		b.Fatal(err)
	}
	b.Run("no-index", list)
}
