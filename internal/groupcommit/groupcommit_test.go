package groupcommit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite"
)

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "g.db")+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// Many writers at once: every write that succeeds is stored, every write
// that fails leaves nothing (not even its first statement), and each
// caller gets its own error back.
func TestConcurrentWritesFailAlone(t *testing.T) {
	db := open(t)
	c, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 400)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.Do(context.Background(), func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO t(k, v) VALUES(?, ?)`, i, fmt.Sprint(i)); err != nil {
					return err
				}
				if i%7 == 0 {
					return boom
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (i%7 == 0) != errors.Is(err, boom) {
			t.Fatalf("write %d: got %v", i, err)
		}
	}
	var n, bad int
	if err := db.QueryRow(`SELECT count(*), coalesce(sum(k % 7 = 0), 0) FROM t`).Scan(&n, &bad); err != nil {
		t.Fatal(err)
	}
	if want := 400 - (400+6)/7; n != want || bad != 0 {
		t.Fatalf("stored %d rows (%d of failed writes), want %d and 0", n, bad, want)
	}
}

// A write whose context is already cancelled is not run; after Close,
// writes are refused.
func TestCancelledAndClosed(t *testing.T) {
	db := open(t)
	c, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := c.Do(ctx, func(context.Context, *sql.Tx) error { ran = true; return nil }); err == nil || ran {
		t.Fatalf("cancelled write: err %v, ran %v", err, ran)
	}
	c.Close()
	c.Close() // twice is fine
	if err := c.Do(context.Background(), func(context.Context, *sql.Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

// Writes queued with Go are not waited for, but Flush sees them all
// committed, and Close runs whatever is still queued before it stops.
func TestWriteBehindIsFlushedAndDrained(t *testing.T) {
	db := open(t)
	c, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	insert := func(k int) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO t(k, v) VALUES(?, 'x')`, k)
			return err
		}
	}
	count := func() (n int) {
		t.Helper()
		if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for k := range 1000 {
		if err := c.Go(insert(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1000 {
		t.Fatalf("after Flush: %d rows, want 1000", n)
	}
	// A failing write behind loses only itself.
	_ = c.Go(insert(5))
	for k := 1000; k < 3000; k++ {
		_ = c.Go(insert(k))
	}
	c.Close()
	if n := count(); n != 3000 {
		t.Fatalf("after Close: %d rows, want 3000", n)
	}
	if err := c.Go(insert(9999)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Go after Close: %v", err)
	}
	if err := c.Flush(context.Background()); err != nil {
		t.Fatalf("Flush after Close: %v", err)
	}
}

// Writes queued behind that fail are counted, with the first one's error:
// their callers have gone on, and a batch whose records were lost (a full
// disk) said "ok" for all of them.
func TestFailedWritesBehindAreCounted(t *testing.T) {
	db := open(t)
	c, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	full := errors.New("database or disk is full")
	for i := range 10 {
		if err := c.Go(func(ctx context.Context, tx *sql.Tx) error {
			if i%3 == 1 {
				return full
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO t(k, v) VALUES(?, 'x')`, i)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	n, first := c.Lost()
	if n != 3 || !errors.Is(first, full) {
		t.Fatalf("lost %d (%v), want 3 (%v)", n, first, full)
	}
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&rows); err != nil || rows != 7 {
		t.Fatalf("%d rows stored (%v), want the 7 that did not fail", rows, err)
	}
	// A write someone waits for gets its error and is not counted.
	_ = c.Do(context.Background(), func(context.Context, *sql.Tx) error { return full })
	if n, _ := c.Lost(); n != 3 {
		t.Fatalf("lost %d after a failed Do, want 3", n)
	}
}
