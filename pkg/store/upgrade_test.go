package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
)

// earlierSchema is the store as insure f40e390 left it (dumped from a
// state directory it wrote): everything but the send-order index.
const earlierSchema = `
CREATE TABLE tokens (
	profile TEXT NOT NULL, provider TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (profile, provider));
CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE journal (
	id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, profile TEXT NOT NULL,
	provider TEXT NOT NULL, operation TEXT NOT NULL, keys TEXT NOT NULL, method TEXT NOT NULL,
	url TEXT NOT NULL, status INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
	request TEXT NOT NULL, response TEXT NOT NULL, error TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '', exit_class INTEGER NOT NULL DEFAULT 0,
	code TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '', settled TEXT NOT NULL DEFAULT '', settled_by TEXT NOT NULL DEFAULT '');
CREATE INDEX journal_time ON journal(time);
CREATE TABLE cache (
	profile TEXT NOT NULL, provider TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
	updated_at TEXT NOT NULL, PRIMARY KEY (profile, provider, name));
CREATE TABLE records (
	profile TEXT NOT NULL, provider TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
	body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (profile, provider, kind, id));
CREATE TABLE leases (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL, pid INTEGER NOT NULL, started TEXT NOT NULL,
	host TEXT NOT NULL, purpose TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE notifications (
	provider TEXT NOT NULL, order_id TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL,
	received_at TEXT NOT NULL, last_at TEXT NOT NULL, count INTEGER NOT NULL,
	PRIMARY KEY (provider, order_id, hash));
CREATE TABLE journal_keys (entry_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX journal_keys_value ON journal_keys(value, entry_id);
CREATE INDEX journal_keys_entry ON journal_keys(entry_id);
CREATE INDEX journal_provider ON journal(provider);
CREATE INDEX journal_operation ON journal(operation);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE batch_lines (
	command TEXT NOT NULL, profile TEXT NOT NULL, hash TEXT NOT NULL,
	line INTEGER NOT NULL, outcome TEXT NOT NULL, exit_code INTEGER NOT NULL,
	result TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (command, profile, hash));
INSERT INTO meta VALUES('key_salt', '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
INSERT INTO meta VALUES('journal_keys_version', '1');
-- Written out of send order (a batch's write-behind): row 2 was sent
-- before row 1; "…:05Z" sorts after "…:05.5Z" as text.
INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
	VALUES('2026-12-01T10:00:05Z', 'sandbox', 'paoding', 'report.buy', '{"orderId":"OLD-1"}', 'POST', 'http://x', 200, 1, '{}', '{}', '');
INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
	VALUES('2026-12-01T10:00:04.5Z', 'sandbox', 'paoding', 'report.buy', '{"orderId":"OLD-2"}', 'POST', 'http://x', 200, 1, '{}', '{}', '');
-- An issuance whose answer was lost, settled later.
INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error, outcome, exit_class, settled, settled_by)
	VALUES('2026-12-01T10:00:06Z', 'sandbox', 'ebao', 'issuance', '{"quotationNumber":"Q1"}', 'POST', 'http://x', 0, 1, '{}', '', 'EOF', 'unknown', 5, 'ok', 're-run');
INSERT INTO journal_keys VALUES(1, 'orderId', 'OLD-1'), (2, 'orderId', 'OLD-2'), (3, 'quotationNumber', 'Q1');
INSERT INTO tokens VALUES('sandbox', 'paoding', '{"value":"t-old"}', '2026-12-01T10:00:00Z');
INSERT INTO batch_lines VALUES('vin-report buy', 'sandbox', 'h1', 3, 'in_flight', 0, '', '2026-12-01T10:00:05Z');
`

// A state directory written by an earlier insure opens with nothing
// lost, also when several processes open it at once (the first builds
// the send-order index; the others find it built), and every later
// open finds it as the first left it.
func TestStoreOfEarlierVersionOpensWithNothingLost(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(earlierSchema); err != nil {
		t.Fatal(err)
	}
	old.Close()

	const openers = 4
	stores := make([]*Store, openers)
	errs := make([]error, openers)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Add(1)
		go func() { defer wg.Done(); stores[i], errs[i] = Open(path) }()
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Fatalf("open %d of %d at once: %v", i+1, openers, errs[i])
		}
		defer s.Close()
	}
	ctx := context.Background()
	for i, s := range stores {
		h, err := s.History(ctx, JournalFilter{Limit: -1, Ascending: true, BySendTime: true})
		if err != nil || len(h) != 3 {
			t.Fatalf("store %d: %d rows, %v", i, len(h), err)
		}
		if h[0].ID != 2 || h[1].ID != 1 || h[2].ID != 3 {
			t.Errorf("store %d: send order %d %d %d, want 2 1 3", i, h[0].ID, h[1].ID, h[2].ID)
		}
		if h[2].Outcome != OutcomeOK || h[2].Settled == nil || h[2].Settled.By != "re-run" {
			t.Errorf("store %d: settled issuance read as %+v", i, h[2])
		}
		if e, err := s.EntriesByKeys(ctx, []string{"OLD-2"}); err != nil || len(e) != 1 || e[0].ID != 2 {
			t.Errorf("store %d: find OLD-2: %+v %v", i, e, err)
		}
		if tok, err := s.TokenCache("sandbox", "paoding").Load(ctx); err != nil || tok == nil || tok.Value != "t-old" {
			t.Errorf("store %d: token %+v %v", i, tok, err)
		}
		if b, err := s.GetBatchLine(ctx, "vin-report buy", "sandbox", "h1"); err != nil || b == nil || b.Outcome != "in_flight" || b.Line != 3 {
			t.Errorf("store %d: batch line %+v %v", i, b, err)
		}
		// The salt is the earlier one, so personal keys already hashed
		// are still found.
		if got := string(s.salt); len(got) != 32 || s.HashPersonal("x") != stores[0].HashPersonal("x") {
			t.Errorf("store %d: salt changed", i)
		}
	}
	var index, check string
	if err := stores[0].db.QueryRow(`SELECT name FROM sqlite_master WHERE name = 'journal_send_order'`).Scan(&index); err != nil {
		t.Errorf("journal_send_order index: %v", err)
	}
	if err := stores[0].db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check %q %v", check, err)
	}
}
