package state

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // pure-Go driver: no cgo in release builds
)

// File is a Store backed by a SQLite file shared by every process.
//
// The file is in WAL mode with synchronous=NORMAL: a commit survives the
// process being killed, but the last commits may be lost if the machine
// loses power. That is the right trade for a sandbox (it is not used for
// the client's own store, pkg/store). Row statements are prepared once.
type File struct {
	db                        *sql.DB
	get, put, del, count, doc *sql.Stmt
	docPut                    *sql.Stmt
}

// Open opens (creating if needed) the state file at path with mode 0600.
func Open(path string) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
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
		db.Close()
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	return f, nil
}

func (f *File) init() error {
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, body BLOB NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS rows (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
	} {
		if _, err := f.db.Exec(q); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&f.get, `SELECT value FROM rows WHERE kind = ? AND key = ?`},
		{&f.put, `INSERT INTO rows(kind, key, value) VALUES(?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value`},
		{&f.del, `DELETE FROM rows WHERE kind = ? AND key = ?`},
		{&f.count, `SELECT count(*) FROM rows WHERE kind = ?`},
		{&f.doc, `SELECT body FROM documents WHERE name = ?`},
		{&f.docPut, `INSERT INTO documents(name, body) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body`},
	} {
		s, err := f.db.Prepare(p.q)
		if err != nil {
			return err
		}
		*p.stmt = s
	}
	return nil
}

// Tx implements Store. The transaction is IMMEDIATE (see the DSN), so two
// processes never read the same version and both write.
func (f *File) Tx(ctx context.Context, fn func(Tx) error) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if err := fn(&fileTx{ctx: ctx, f: f, tx: tx}); err != nil {
		return err
	}
	return tx.Commit()
}

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
	_, err := t.tx.StmtContext(t.ctx, t.f.put).ExecContext(t.ctx, kind, key, value)
	return err
}

func (t *fileTx) Delete(kind, key string) error {
	_, err := t.tx.StmtContext(t.ctx, t.f.del).ExecContext(t.ctx, kind, key)
	return err
}

func (t *fileTx) Count(kind string) (int64, error) {
	var n int64
	err := t.tx.StmtContext(t.ctx, t.f.count).QueryRowContext(t.ctx, kind).Scan(&n)
	return n, err
}

// Update implements Store.
func (f *File) Update(name string, fn func([]byte) ([]byte, error)) error {
	tx, err := f.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	var doc []byte
	err = tx.Stmt(f.doc).QueryRow(name).Scan(&doc)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	out, err := fn(doc)
	if err != nil {
		return err
	}
	if _, err := tx.Stmt(f.docPut).Exec(name, out); err != nil {
		return err
	}
	return tx.Commit()
}

// Close implements Store.
func (f *File) Close() error {
	for _, s := range []*sql.Stmt{f.get, f.put, f.del, f.count, f.doc, f.docPut} {
		if s != nil {
			s.Close()
		}
	}
	return f.db.Close()
}
