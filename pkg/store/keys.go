package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strings"

	"github.com/insurekit/insure/pkg/httpx"
)

// keysSchema indexes every identifier a journal row carries, one row per
// value, so a look-up by key reads the index instead of every row's JSON.
// meta holds the installation's salt for personal keys and the version of
// the keys migration.
const keysSchema = `
CREATE TABLE IF NOT EXISTS journal_keys (
	entry_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS journal_keys_value ON journal_keys(value, entry_id);
CREATE INDEX IF NOT EXISTS journal_keys_entry ON journal_keys(entry_id);
CREATE INDEX IF NOT EXISTS journal_provider ON journal(provider);
CREATE INDEX IF NOT EXISTS journal_operation ON journal(operation);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`

// keysVersion is the migration that filled journal_keys from the rows'
// keys column; bump it to refill.
const keysVersion = "1"

// prepareKeys makes the salt (once per installation) and fills
// journal_keys for rows recorded before it existed. Both steps are
// idempotent: a second process opening the store finds them done.
func (s *Store) prepareKeys() error {
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := s.db.Exec(`INSERT OR IGNORE INTO meta(name, value) VALUES('key_salt', ?)`, hex.EncodeToString(salt)); err != nil {
		return err
	}
	var saltHex string
	if err := s.db.QueryRow(`SELECT value FROM meta WHERE name = 'key_salt'`).Scan(&saltHex); err != nil {
		return err
	}
	if s.salt, _ = hex.DecodeString(saltHex); len(s.salt) == 0 {
		s.salt = []byte(saltHex)
	}
	var v string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE name = 'journal_keys_version'`).Scan(&v)
	if err == nil && v == keysVersion {
		return nil
	}
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	return s.migrateKeys()
}

// migrateKeys indexes the keys of every row that has none indexed yet, in
// one transaction, and records that it ran.
func (s *Store) migrateKeys() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.Query(`SELECT id, keys FROM journal WHERE keys != '{}' AND id NOT IN (SELECT entry_id FROM journal_keys)`)
	if err != nil {
		return err
	}
	type row struct {
		id   int64
		keys map[string]string
	}
	var todo []row
	for rows.Next() {
		var r row
		var keys string
		if err := rows.Scan(&r.id, &keys); err != nil {
			rows.Close()
			return err
		}
		if json.Unmarshal([]byte(keys), &r.keys) == nil && len(r.keys) > 0 {
			todo = append(todo, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	insert, err := tx.Prepare(insertKeySQL)
	if err != nil {
		return err
	}
	defer insert.Close()
	for _, r := range todo {
		if err := insertKeys(context.Background(), insert, r.id, r.keys); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT OR REPLACE INTO meta(name, value) VALUES('journal_keys_version', ?)`, keysVersion); err != nil {
		return err
	}
	return tx.Commit()
}

const insertKeySQL = `INSERT INTO journal_keys(entry_id, name, value) VALUES(?, ?, ?)`

// insertKeys adds the rows of journal_keys for entry id through insert,
// a statement of insertKeySQL.
func insertKeys(ctx context.Context, insert *sql.Stmt, id int64, keys map[string]string) error {
	for name, v := range keys {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			if _, err := insert.ExecContext(ctx, id, name, part); err != nil {
				return err
			}
		}
	}
	return nil
}

// HashPersonal is the value the journal keeps for a resident ID number or
// a name (httpx.IsHashedKey): "h:" and an HMAC-SHA256 of the value under
// the installation's salt, shortened. Spaces around the value and the
// letter case do not matter, so 13245619900101123x finds …123X.
func (s *Store) HashPersonal(v string) string {
	// Keyed HMACs are reused: making one hashes the key's pads again, and
	// a batch hashes four values a line.
	m, _ := s.personalMACs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, s.salt)
	}
	m.Reset()
	m.Write([]byte(strings.ToUpper(strings.TrimSpace(v))))
	var sum [sha256.Size]byte
	var out [2 + 32]byte
	copy(out[:], "h:")
	hex.Encode(out[2:], m.Sum(sum[:0])[:16])
	s.personalMACs.Put(m)
	return string(out[:])
}

// hashKeys returns keys with personal values replaced by their hashes.
func (s *Store) hashKeys(keys map[string]string) map[string]string {
	if len(keys) == 0 {
		return keys
	}
	out := make(map[string]string, len(keys))
	for k, v := range keys {
		if httpx.IsHashedKey(k) && !strings.HasPrefix(v, "h:") {
			parts := strings.Split(v, ",")
			for i, p := range parts {
				parts[i] = s.HashPersonal(p)
			}
			v = strings.Join(parts, ",")
		}
		out[k] = v
	}
	return out
}

// SearchValues are the stored values a look-up for v matches: v itself
// and its personal hash (a resident ID or a name is only stored hashed).
func (s *Store) SearchValues(v string) []string {
	v = strings.TrimSpace(v)
	return []string{v, s.HashPersonal(v)}
}

// EntriesByKeys lists, oldest first and without bodies, every journal
// entry keyed by any of values (each also matched by its personal hash).
func (s *Store) EntriesByKeys(ctx context.Context, values []string) ([]JournalEntry, error) {
	s.settled(ctx)
	if len(values) == 0 {
		return nil, nil
	}
	var args []any
	for _, v := range values {
		for _, sv := range s.SearchValues(v) {
			args = append(args, sv)
		}
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")
	rows, err := s.db.QueryContext(ctx, `SELECT `+entryColumns+`
		FROM journal WHERE id IN (SELECT entry_id FROM journal_keys WHERE value IN (`+ph+`)) ORDER BY id ASC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JournalEntry
	for rows.Next() {
		e, err := scanEntry(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// completionWindow is how many of the newest journal entries completion
// reads: a Tab press must answer at once, and a scan of a journal of
// hundreds of thousands of entries (their keys not indexed by name, nor
// by value in any letter case) takes seconds.
const completionWindow = "20000"

// KeyValue is one identifier the journal keys: its key name and value.
type KeyValue struct {
	Name, Value string
}

// RecentKeys lists, for shell completion, distinct identifier values
// under the key names given, newest first, that start with prefix (in
// any case for ASCII letters), at most limit. Personal hashes are never
// listed: they would tell a reader nothing, and a name or resident ID is
// not completed.
func (s *Store) RecentKeys(ctx context.Context, names []string, prefix string, limit int) ([]KeyValue, error) {
	s.settled(ctx)
	if len(names) == 0 {
		return nil, nil
	}
	args := []any{likePrefix(prefix)}
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, limit)
	ph := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
	rows, err := s.db.QueryContext(ctx, `SELECT name, value FROM journal_keys
		WHERE entry_id > (SELECT coalesce(max(id), 0) FROM journal) - `+completionWindow+`
		AND value NOT LIKE 'h:%' AND value LIKE ? ESCAPE '\' AND name IN (`+ph+`)
		GROUP BY value ORDER BY max(entry_id) DESC, value LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KeyValue
	for rows.Next() {
		var kv KeyValue
		if err := rows.Scan(&kv.Name, &kv.Value); err != nil {
			return nil, err
		}
		out = append(out, kv)
	}
	return out, rows.Err()
}

// ProviderKeyValues lists distinct values of one key name that provider's
// requests carried, newest first (for completion: Paoding's order ids,
// not Sunshine's, which share the key name orderId), made with profile
// only unless profile is "". A value whose every request failed (an
// order id looked up and refused as unknown) is left out: it names
// nothing there is.
func (s *Store) ProviderKeyValues(ctx context.Context, profile, provider, keyName string, limit int) ([]string, error) {
	s.settled(ctx)
	return s.queryStrings(ctx, `SELECT k.value FROM journal_keys k JOIN journal j ON j.id = k.entry_id
		WHERE k.entry_id > (SELECT coalesce(max(id), 0) FROM journal) - `+completionWindow+`
		AND k.name = ? AND j.provider = ? AND (? = '' OR j.profile = ?) GROUP BY k.value
		HAVING max(CASE WHEN (`+outcomeSQL+`) = 'failed' THEN 0 ELSE 1 END) = 1
		ORDER BY max(k.entry_id) DESC LIMIT ?`,
		keyName, provider, profile, profile, limit)
}

// JournalProfiles lists the profiles the newest journal entries were
// made with (completionWindow of them), for completion.
func (s *Store) JournalProfiles(ctx context.Context) ([]string, error) {
	s.settled(ctx)
	return s.queryStrings(ctx, `SELECT DISTINCT profile FROM
		(SELECT profile FROM journal ORDER BY id DESC LIMIT `+completionWindow+`) ORDER BY profile`)
}

// queryStrings runs a query of one text column and returns its values.
func (s *Store) queryStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
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

// likePrefix is a LIKE pattern for values starting with prefix, its
// wildcards escaped.
func likePrefix(prefix string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(prefix) + "%"
}
