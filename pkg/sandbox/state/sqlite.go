package state

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // pure-Go driver: no cgo in release builds
)

// File is a Store backed by a SQLite file shared by every process.
type File struct {
	db *sql.DB
}

// Open opens (creating if needed) the state file at path with mode 0600.
func Open(path string) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, body BLOB NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("sandbox state %s: %w", path, err)
	}
	return &File{db: db}, nil
}

// Update implements Store. The transaction is IMMEDIATE (see the DSN), so
// two processes never read the same version and both write.
func (f *File) Update(name string, fn func([]byte) ([]byte, error)) error {
	tx, err := f.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	var doc []byte
	err = tx.QueryRow(`SELECT body FROM documents WHERE name = ?`, name).Scan(&doc)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	out, err := fn(doc)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO documents(name, body) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body`, name, out); err != nil {
		return err
	}
	return tx.Commit()
}

// Close implements Store.
func (f *File) Close() error { return f.db.Close() }
