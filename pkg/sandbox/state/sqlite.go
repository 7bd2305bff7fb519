package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/insurekit/insure/internal/groupcommit"
	"modernc.org/sqlite" // pure-Go driver: no cgo in release builds
)

// File is a Store backed by a SQLite file shared by every process.
//
// The file is in WAL mode with synchronous=NORMAL: a commit survives the
// process being killed, but the last commits may be lost if the machine
// loses power. That is the right trade for a sandbox (it is not used for
// the client's own store, pkg/store). Row statements are prepared once.
//
// Row transactions are committed in groups (internal/groupcommit): while
// one SQLite transaction is being written, the Tx calls that arrive queue
// up, and the next transaction runs them all (when one fails, again with
// each inside its own SAVEPOINT, so that it undoes only its own writes). Under
// load that shares the cost of BEGIN IMMEDIATE and COMMIT between many
// requests; alone, a call still gets its own transaction at once. The
// savepoints' journals are kept in memory (temp_store).
type File struct {
	writes *groupcommit.Committer

	db                       *sql.DB
	get, put, putLarge, next *sql.Stmt
	del, count               *sql.Stmt
	rowsFrom, rowsRange      *sql.Stmt
}

// Open opens (creating if needed) the state file at path with mode 0600.
func Open(path string) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	f := &File{db: db}
	if err := f.init(); err != nil {
		f.closeStmts()
		db.Close()
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	if f.writes, err = groupcommit.New(db); err != nil {
		f.closeStmts()
		db.Close()
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	return f, nil
}

// maxInline is the longest value kept in the rows table itself. A longer
// one (a Sunshine answer or session runs to kilobytes) is kept in
// large_values and the row points to it: the rows table is a WITHOUT ROWID
// table, whose index pages hold whole rows, and a row that spills onto
// overflow pages has those pages read by every key comparison on the way
// down to it, so look-ups past such rows would grow with the number
// stored. Short rows (an eBao quotation is about 250 bytes) stay in one
// b-tree, one look-up.
const maxInline = 512

func (f *File) init() error {
	if err := f.migrate(); err != nil {
		return err
	}
	const value = `coalesce(l.value, r.value)`
	const from = ` FROM rows r LEFT JOIN large_values l ON l.id = r.large_id WHERE r.kind = ?`
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&f.get, `SELECT ` + value + from + ` AND r.key = ?`},
		{&f.put, `INSERT INTO rows(kind, key, value, large_id) VALUES(?, ?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value, large_id = excluded.large_id`},
		{&f.putLarge, `INSERT INTO large_values(value) VALUES(?)`},
		// A counter (Next) in one statement: its value is the decimal
		// text PutJSON would write, kept in the row (never large).
		{&f.next, `INSERT INTO rows(kind, key, value, large_id) VALUES(?, ?, CAST('1' AS BLOB), NULL)
			ON CONFLICT(kind, key) DO UPDATE SET value = CAST(CAST(CAST(value AS TEXT) AS INTEGER) + 1 AS BLOB)
			RETURNING CAST(CAST(value AS TEXT) AS INTEGER)`},
		{&f.del, `DELETE FROM rows WHERE kind = ? AND key = ?`},
		{&f.count, `SELECT count(*) FROM rows WHERE kind = ?`},
		{&f.rowsFrom, `SELECT r.key, ` + value + from + ` AND r.key >= ? ORDER BY r.key LIMIT ?`},
		{&f.rowsRange, `SELECT r.key, ` + value + from + ` AND r.key >= ? AND r.key < ? ORDER BY r.key LIMIT ?`},
	} {
		s, err := f.db.Prepare(p.q)
		if err != nil {
			return err
		}
		*p.stmt = s
	}
	return nil
}

// migrate creates the tables, or brings those of an older insure up to
// date (the large_id column; the one-document table before rows, which
// nothing reads, is dropped), in one transaction, so processes opening the
// file at once agree.
func (f *File) migrate() error {
	tx, err := f.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS rows (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, large_id INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID`); err != nil {
		return err
	}
	var has int
	if err := tx.QueryRow(`SELECT count(*) FROM pragma_table_info('rows') WHERE name = 'large_id'`).Scan(&has); err != nil {
		return err
	}
	steps := []string{
		`CREATE TABLE IF NOT EXISTS large_values (id INTEGER PRIMARY KEY, value BLOB NOT NULL)`,
		// A row's large value goes when the row does or gets another value.
		`CREATE TRIGGER IF NOT EXISTS rows_large_replaced AFTER UPDATE OF large_id ON rows
			WHEN old.large_id IS NOT NULL AND old.large_id IS NOT new.large_id
			BEGIN DELETE FROM large_values WHERE id = old.large_id; END`,
		`CREATE TRIGGER IF NOT EXISTS rows_large_deleted AFTER DELETE ON rows
			WHEN old.large_id IS NOT NULL
			BEGIN DELETE FROM large_values WHERE id = old.large_id; END`,
		`DROP TABLE IF EXISTS documents`,
	}
	if has == 0 {
		steps = append([]string{`ALTER TABLE rows ADD COLUMN large_id INTEGER`}, steps...)
	}
	for _, q := range steps {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Tx implements Store. The transaction is IMMEDIATE (see the DSN), so two
// processes never read the same version and both write.
//
// fn runs on the committer's goroutine, where a panic would end the
// process (net/http recovers only its handlers' own goroutines): a panic
// in fn is recovered there, undoes fn's writes like an error would, and
// is raised again here, on the caller's goroutine, as a *TxPanic.
func (f *File) Tx(ctx context.Context, fn func(Tx) error) error {
	var panicked *TxPanic
	err := f.writes.Do(ctx, func(ctx context.Context, tx *sql.Tx) (err error) {
		defer func() {
			if v := recover(); v != nil {
				panicked = &TxPanic{Value: v, Stack: debug.Stack()}
				err = panicked
			}
		}()
		return fn(&fileTx{ctx: ctx, f: f, tx: tx})
	})
	if panicked != nil {
		panic(panicked)
	}
	if errors.Is(err, groupcommit.ErrClosed) {
		return errClosed
	}
	return err
}

// TxPanic is a panic in a transaction's function, raised again on the
// goroutine that called Tx once the transaction's writes were undone.
type TxPanic struct {
	Value any
	// Stack is where it panicked.
	Stack []byte
}

func (p *TxPanic) Error() string {
	return fmt.Sprintf("sandbox state: panic in a transaction (its writes were undone): %v\n%s", p.Value, p.Stack)
}

var errClosed = errors.New("sandbox state: closed")

type fileTx struct {
	ctx context.Context
	f   *File
	tx  *sql.Tx
}

func (t *fileTx) Get(kind, key string) ([]byte, bool, error) {
	var v []byte
	err := t.tx.StmtContext(t.ctx, t.f.get).QueryRowContext(t.ctx, kind, key).Scan(&v)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	return v, err == nil, err
}

func (t *fileTx) Put(kind, key string, value []byte) error {
	var large any // NULL: the value is in the row
	if len(value) > maxInline {
		res, err := t.tx.StmtContext(t.ctx, t.f.putLarge).ExecContext(t.ctx, value)
		if err != nil {
			return err
		}
		if large, err = res.LastInsertId(); err != nil {
			return err
		}
		value = []byte{}
	}
	_, err := t.tx.StmtContext(t.ctx, t.f.put).ExecContext(t.ctx, kind, key, value, large)
	return err
}

// next implements counter: Next in one statement instead of a read and a
// write.
func (t *fileTx) next(kind, key string) (int64, error) {
	var n int64
	err := t.tx.StmtContext(t.ctx, t.f.next).QueryRowContext(t.ctx, kind, key).Scan(&n)
	return n, err
}

func (t *fileTx) Delete(kind, key string) error {
	_, err := t.tx.StmtContext(t.ctx, t.f.del).ExecContext(t.ctx, kind, key)
	return err
}

func (t *fileTx) Rows(kind, from, to string, limit int) ([]Row, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	var (
		rs  *sql.Rows
		err error
	)
	if to == "" {
		rs, err = t.tx.StmtContext(t.ctx, t.f.rowsFrom).QueryContext(t.ctx, kind, from, limit)
	} else {
		rs, err = t.tx.StmtContext(t.ctx, t.f.rowsRange).QueryContext(t.ctx, kind, from, to, limit)
	}
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		var r Row
		if err := rs.Scan(&r.Key, &r.Value); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

func (t *fileTx) Count(kind string) (int64, error) {
	var n int64
	err := t.tx.StmtContext(t.ctx, t.f.count).QueryRowContext(t.ctx, kind).Scan(&n)
	return n, err
}

// Close implements Store.
func (f *File) Close() error {
	f.writes.Close()
	f.closeStmts()
	return f.db.Close()
}

func (f *File) closeStmts() {
	for _, s := range []*sql.Stmt{f.get, f.put, f.putLarge, f.next, f.del, f.count, f.rowsFrom, f.rowsRange} {
		if s != nil {
			s.Close()
		}
	}
}

// Why Open failed, as far as the person who can fix it is concerned.
const (
	// Damaged: the file is not a SQLite database, or a damaged one.
	Damaged = "damaged"
	// Unwritable: the file or its directory cannot be created or written.
	Unwritable = "unwritable"
)

// Problem classifies an error from Open: Damaged, Unwritable or "".
func Problem(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
			return Damaged
		case 3, 8, 14: // SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN
			return Unwritable
		}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return Unwritable
	}
	return ""
}

// CountRows counts the rows of each kind in the state file at path, for
// `insure sandbox status`. It reads the whole table, unlike a request.
// A file that does not exist is not created: the answer is then empty.
func CountRows(ctx context.Context, path string) (map[string]int64, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return map[string]int64{}, nil
		}
		return nil, err
	}
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rs, err := f.db.QueryContext(ctx, `SELECT kind, count(*) FROM rows GROUP BY kind`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := map[string]int64{}
	for rs.Next() {
		var kind string
		var n int64
		if err := rs.Scan(&kind, &n); err != nil {
			return nil, err
		}
		out[kind] = n
	}
	return out, rs.Err()
}
