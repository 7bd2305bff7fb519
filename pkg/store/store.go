// Package store is insure's local state: an embedded SQLite database in the
// XDG state directory holding the token cache, the request journal, cached
// provider lists and an index of orders, quotations and policies.
//
// modernc.org/sqlite is pure Go, so release builds need no cgo. WAL and a
// busy timeout let several insure processes share the file.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/internal/groupcommit"
	_ "modernc.org/sqlite"
)

// Store is the open database.
type Store struct {
	db   *sql.DB
	Path string
	now  func() time.Time
	salt []byte // for personal journal keys (keys.go)
	// personalMACs holds HMAC-SHA256s keyed with salt, for HashPersonal.
	personalMACs sync.Pool

	// writes groups the writes that many requests in flight make at once
	// (journal rows, records, batch lines) into shared transactions;
	// started on the first such write, so a command that writes nothing
	// starts no goroutine.
	writesOnce sync.Once
	writes     *groupcommit.Committer
	writesErr  error
	stmts      writeStmts
	// behind is write-behind mode (WriteBehind).
	behind atomic.Bool
	// outlasted: holds of a lock that outlasted a whole wait (locks.go).
	outlasted outlasted
}

// writeStmts are the statements of write, prepared once: in a batch they
// run thousands of times, and parsing them each time cost as much as
// running them.
type writeStmts struct {
	journal, key, record, batchLine *sql.Stmt
}

func (s *Store) prepareWrites() error {
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&s.stmts.journal, insertJournalSQL},
		{&s.stmts.key, insertKeySQL},
		{&s.stmts.record, putRecordSQL},
		{&s.stmts.batchLine, putBatchLineSQL},
	} {
		st, err := s.db.Prepare(p.q)
		if err != nil {
			return err
		}
		*p.stmt = st
	}
	var err error
	s.writes, err = groupcommit.New(s.db)
	return err
}

const schema = `
CREATE TABLE IF NOT EXISTS tokens (
	profile TEXT NOT NULL, provider TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (profile, provider));
CREATE TABLE IF NOT EXISTS locks (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
	id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, profile TEXT NOT NULL,
	provider TEXT NOT NULL, operation TEXT NOT NULL, keys TEXT NOT NULL, method TEXT NOT NULL,
	url TEXT NOT NULL, status INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
	request TEXT NOT NULL, response TEXT NOT NULL, error TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '', exit_class INTEGER NOT NULL DEFAULT 0,
	code TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS journal_time ON journal(time);
-- Send order (sendInstant). journal_sent, its first form, indexed
-- julianday(time), whose value differs between SQLite versions: other
-- builds (the sqlite3 shell before 3.42) found the file corrupt.
DROP INDEX IF EXISTS journal_sent;
CREATE INDEX IF NOT EXISTS journal_send_order ON journal(` + sendInstant + `);
CREATE TABLE IF NOT EXISTS cache (
	profile TEXT NOT NULL, provider TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
	updated_at TEXT NOT NULL, PRIMARY KEY (profile, provider, name));
CREATE TABLE IF NOT EXISTS records (
	profile TEXT NOT NULL, provider TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
	body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (profile, provider, kind, id));
`

// busyTimeout is how long a statement waits for another process's write
// transaction before it fails with SQLITE_BUSY (a var for the tests).
var busyTimeout = 10 * time.Second

// DefaultPath is the database in the state directory.
func DefaultPath(stateDir string) string { return filepath.Join(stateDir, "insure.db") }

// Open opens or creates the database at path with mode 0600.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, explain(path, fmt.Errorf("opening the local store %s: %w", path, err))
	}
	f.Close()
	_ = os.Chmod(path, 0o600)
	// temp_store=MEMORY keeps statement and savepoint journals (the
	// shared transactions of write) in memory: on disk they cost a write
	// system call per page changed, most of a journal row's cost. They
	// hold the pages one transaction changes, a few hundred KB at most.
	dsn := "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)&", busyTimeout.Milliseconds()) + "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_txlock=immediate" + secureDeletePragma
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema + leaseSchema + notificationSchema + keysSchema + batchSchema); err != nil {
		db.Close()
		return nil, explain(path, fmt.Errorf("preparing the local store %s: %w", path, err))
	}
	st := &Store{db: db, Path: path, now: time.Now}
	if err := st.addVerdictColumns(); err != nil {
		db.Close()
		return nil, explain(path, fmt.Errorf("preparing the local store %s: %w", path, err))
	}
	// After the columns it indexes, which a store made before them
	// gains only now; on such a store the first open builds it.
	if _, err := db.Exec(statusOrderIndex); err != nil {
		db.Close()
		return nil, explain(path, fmt.Errorf("preparing the local store %s: %w", path, err))
	}
	if err := st.prepareKeys(); err != nil {
		db.Close()
		return nil, explain(path, fmt.Errorf("preparing the local store %s: %w", path, err))
	}
	// WAL side files inherit the umask; keep them private too.
	for _, side := range []string{"-wal", "-shm"} {
		_ = os.Chmod(path+side, 0o600)
	}
	return st, nil
}

// Close closes the database, after the shared transaction being written.
func (s *Store) Close() error {
	if s.writes != nil {
		s.writes.Close()
	}
	for _, st := range []*sql.Stmt{s.stmts.journal, s.stmts.key, s.stmts.record, s.stmts.batchLine} {
		if st != nil {
			st.Close()
		}
	}
	return s.db.Close()
}

// write runs fn in a transaction it may share with other writes arriving
// at the same time (internal/groupcommit); it returns once that
// transaction has committed. For appends and upserts that do not read
// what another concurrent write changes: the journal, records, batch
// lines.
func (s *Store) write(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	s.writesOnce.Do(func() { s.writesErr = s.prepareWrites() })
	if s.writesErr != nil {
		return s.writesErr
	}
	return s.explain(s.writes.Do(ctx, fn))
}

// WriteBehind turns on write-behind mode, for a batch: journal rows,
// noted records (NoteRecord) and finished batch lines (FinishBatchLine)
// are queued and the caller goes on without waiting for their commit, so
// they pile up into large transactions instead of holding every request
// in flight for a commit of its own. Reads through the Store still see
// every write queued before them, and Close waits for the queue. What a
// crash can cost: the rows of the last moments, whose lines a --resume
// sends again (quotations) or resolves by look-up (acts, whose in-flight
// entry PutBatchLine always commits before the request is sent). It
// returns the function that commits what is queued and turns the mode off.
func (s *Store) WriteBehind() (off func()) {
	s.behind.Store(true)
	return func() {
		_ = s.Flush(context.Background())
		s.behind.Store(false)
	}
}

// writeBehind runs fn as write does, or in write-behind mode queues it
// without waiting; its error is only counted (LostWrites: the callers'
// writes are records, whose failure never fails a request).
func (s *Store) writeBehind(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	if !s.behind.Load() {
		return s.write(ctx, fn)
	}
	s.writesOnce.Do(func() { s.writesErr = s.prepareWrites() })
	if s.writesErr != nil {
		return s.writesErr
	}
	return s.writes.Go(fn)
}

// Flush waits for the writes queued behind (write-behind mode) to be
// committed; with nothing queued it returns at once.
func (s *Store) Flush(ctx context.Context) error {
	if !s.behind.Load() {
		return nil
	}
	s.writesOnce.Do(func() { s.writesErr = s.prepareWrites() })
	if s.writesErr != nil {
		return s.writesErr
	}
	return s.explain(s.writes.Flush(ctx))
}

// LostWrites says how many writes queued behind (write-behind mode) have
// failed since the store was opened, and the first one's error, explained
// (a full disk, a read-only one, ...). Their callers went on without
// waiting, so this is the only place their loss shows.
func (s *Store) LostWrites() (int64, error) {
	s.writesOnce.Do(func() { s.writesErr = s.prepareWrites() })
	if s.writes == nil {
		return 0, nil
	}
	n, err := s.writes.Lost()
	return n, s.explain(err)
}

// settled is Flush before a read, so the read sees every write queued
// before it; with nothing queued it costs an atomic load.
func (s *Store) settled(ctx context.Context) { _ = s.Flush(ctx) }

// SetClock replaces the clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) stamp() string { return s.now().UTC().Format(time.RFC3339Nano) }

// verdictColumns are the journal's columns for the provider's reading of
// an answer (JournalEntry.Outcome), added to stores made before them.
var verdictColumns = []struct{ name, decl string }{
	{"outcome", "TEXT NOT NULL DEFAULT ''"},
	{"exit_class", "INTEGER NOT NULL DEFAULT 0"},
	{"code", "TEXT NOT NULL DEFAULT ''"},
	{"message", "TEXT NOT NULL DEFAULT ''"},
	// Settle's: the outcome an act was settled to, and how.
	{"settled", "TEXT NOT NULL DEFAULT ''"},
	{"settled_by", "TEXT NOT NULL DEFAULT ''"},
	// The signal that cut the request short (JournalEntry.Interrupted);
	// rows recorded before it have it empty.
	{"interrupted", "TEXT NOT NULL DEFAULT ''"},
}

// addVerdictColumns adds the verdict columns a store made by an older
// insure lacks. Its rows keep an empty outcome, read as their exchange's.
// Another process opening the store at the same moment may add a column
// first; that is not an error.
func (s *Store) addVerdictColumns() error {
	rows, err := s.db.Query(`SELECT name FROM pragma_table_info('journal')`)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range verdictColumns {
		if have[c.name] {
			continue
		}
		if _, err := s.db.Exec(`ALTER TABLE journal ADD COLUMN ` + c.name + ` ` + c.decl); err != nil && !strings.Contains(err.Error(), "duplicate column") {
			return err
		}
	}
	return nil
}
