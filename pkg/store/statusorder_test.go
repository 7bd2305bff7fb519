package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// history list --status reads the rows of that outcome through
// journal_status_order, in send order (no sort) and counts them from the
// index: it read every row of the journal. With a key, the key's index
// still picks the rows (the outcome index would walk every ok row).
func TestStatusFilterReadsTheIndex(t *testing.T) {
	s := open(t)
	w, args := s.where(JournalFilter{Status: OutcomeFailed})
	for _, q := range []string{
		`SELECT id FROM journal` + w + ` ORDER BY ` + sendInstant + ` DESC, id DESC LIMIT 30`,
		`SELECT id FROM journal` + w + ` ORDER BY ` + sendInstant + ` ASC, id ASC LIMIT 30`,
		`SELECT count(*) FROM journal` + w,
	} {
		if got := queryPlan(t, s, q, args...); !strings.Contains(got, "journal_status_order") || strings.Contains(got, "TEMP B-TREE") {
			t.Errorf("plan %q: want the journal_status_order index and no sort", got)
		}
	}
	w, args = s.where(JournalFilter{Status: OutcomeOK, Key: "Q-1", Provider: "ebao"})
	if got := queryPlan(t, s, `SELECT id FROM journal`+w+` ORDER BY `+sendInstant+` DESC, id DESC LIMIT 1`, args...); !strings.Contains(got, "journal_keys_value") || strings.Contains(got, "journal_status_order") {
		t.Errorf("with a key, plan %q: want the key's index, not the outcome's", got)
	}
	match := ` FROM journal WHERE profile = ? AND provider = ? AND operation = ? AND id IN (SELECT entry_id FROM journal_keys WHERE value = ?)`
	if got := queryPlan(t, s, `SELECT id`+match+` AND `+keyedOutcomeSQL+` = 'ok' ORDER BY id LIMIT 1`, "p", "ebao", "issuance", "Q-1"); strings.Contains(got, "journal_status_order") {
		t.Errorf("Settle's look-up, plan %q: want the key's index, not the outcome's", got)
	}
}

// A store made before the journal had outcome columns gains them and the
// index on them when opened (the index cannot be built before them), and
// the status filter reads its rows' outcomes from their exchanges. Other
// SQLite versions find the index whole.
func TestStoreBeforeOutcomesGainsTheStatusIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`CREATE TABLE journal (
		id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, profile TEXT NOT NULL,
		provider TEXT NOT NULL, operation TEXT NOT NULL, keys TEXT NOT NULL, method TEXT NOT NULL,
		url TEXT NOT NULL, status INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
		request TEXT NOT NULL, response TEXT NOT NULL, error TEXT NOT NULL);
	INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error) VALUES
		('2026-01-01T10:00:00Z', 'sandbox', 'ebao', 'quotation', '{}', 'POST', 'http://x', 200, 1, '', '', ''),
		('2026-01-01T10:00:01.5Z', 'sandbox', 'ebao', 'quotation', '{}', 'POST', 'http://x', 422, 1, '', '', ''),
		('2026-01-01T10:00:02Z', 'sandbox', 'ebao', 'issuance', '{}', 'POST', 'http://x', 0, 1, '', '', 'connection reset'),
		('2026-01-01T10:00:01Z', 'sandbox', 'ebao', 'quotation', '{}', 'POST', 'http://x', 403, 1, '', '', '');`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := s.db.QueryRow(`SELECT name FROM sqlite_master WHERE name = 'journal_status_order'`).Scan(&name); err != nil {
		t.Fatalf("journal_status_order index: %v", err)
	}
	ctx := context.Background()
	if _, err := s.RecordEntry(ctx, httpx.Entry{Time: time.Date(2026, 1, 1, 10, 0, 3, 0, time.UTC), Profile: "sandbox", Provider: "ebao",
		Operation: "quotation", Method: "POST", URL: "http://x", Status: 200, Verdict: &httpx.Verdict{ExitClass: 4, Code: "E1", Message: "refused"}}); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, JournalFilter{Status: OutcomeFailed, BySendTime: true})
	if err != nil || len(h) != 3 || h[0].ID != 5 || h[1].ID != 2 || h[2].ID != 4 {
		t.Fatalf("failed, newest sent first: %+v %v; want ids 5 2 4", h, err)
	}
	if n, err := s.CountHistory(ctx, JournalFilter{Status: OutcomeUnknown}); err != nil || n != 1 {
		t.Errorf("unknown: %d %v", n, err)
	}
	s.Close()

	other := sqliteBefore342(t, path)
	var check string
	if err := other.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check under SQLite < 3.42: %q %v", check, err)
	}
	if _, err := other.Exec(`DELETE FROM journal WHERE id = 2`); err != nil {
		t.Errorf("deleting a row under SQLite < 3.42: %v", err)
	}
}
