package state

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func stores(t *testing.T) map[string]Store {
	f, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return map[string]Store{"memory": NewMemory(), "file": f}
}

func TestRows(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if _, ok, err := Get(ctx, s, "q", "a"); ok || err != nil {
				t.Fatalf("absent row: ok %v err %v", ok, err)
			}
			for i := 0; i < 3; i++ {
				if err := Put(ctx, s, "q", fmt.Sprint(i), []byte{byte('a' + i)}); err != nil {
					t.Fatal(err)
				}
			}
			_ = Put(ctx, s, "p", "0", []byte("other kind"))
			_ = Put(ctx, s, "q", "1", []byte("replaced"))
			if v, ok, err := Get(ctx, s, "q", "1"); string(v) != "replaced" || !ok || err != nil {
				t.Errorf("Get = %q %v %v", v, ok, err)
			}
			if n, err := Count(ctx, s, "q"); n != 3 || err != nil {
				t.Errorf("Count = %d %v, want 3", n, err)
			}
			// fn failing keeps nothing it wrote.
			boom := errors.New("boom")
			err := s.Tx(ctx, func(tx Tx) error {
				_ = tx.Put("q", "9", []byte("x"))
				_ = tx.Delete("q", "0")
				if n, _ := tx.Count("q"); n != 3 {
					t.Errorf("Count inside the transaction = %d, want 3", n)
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Errorf("Tx error %v", err)
			}
			if n, _ := Count(ctx, s, "q"); n != 3 {
				t.Errorf("after a failed transaction Count = %d, want 3", n)
			}
			// UpdateRow: change, then delete by returning nil.
			_ = UpdateRow(ctx, s, "q", "2", func(v []byte) ([]byte, error) { return append(v, '!'), nil })
			if v, _, _ := Get(ctx, s, "q", "2"); string(v) != "c!" {
				t.Errorf("updated row %q", v)
			}
			_ = UpdateRow(ctx, s, "q", "2", func([]byte) ([]byte, error) { return nil, nil })
			if _, ok, _ := Get(ctx, s, "q", "2"); ok {
				t.Error("row returned nil by UpdateRow is still there")
			}
		})
	}
}

// Two handles on one file (two processes) allocate a counter without ever
// handing out the same number twice.
func TestFileNextIsSerialised(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[int64]bool{}
	)
	for i := 0; i < 40; i++ {
		s := Store(a)
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n int64
			err := s.Tx(context.Background(), func(tx Tx) (err error) {
				n, err = Next(tx, "seq", "Q")
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[n] {
				t.Errorf("number %d handed out twice", n)
			}
			seen[n] = true
		}()
	}
	wg.Wait()
	if len(seen) != 40 || !seen[1] || !seen[40] {
		t.Errorf("numbers %v, want 1..40", seen)
	}
}

// Many transactions at once (committed together by File): a failing one
// keeps none of its writes and the others keep all of theirs.
func TestConcurrentTxFailuresAreIsolated(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			for i := 0; i < 100; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := s.Tx(ctx, func(tx Tx) error {
						if _, err := Next(tx, "seq", "n"); err != nil {
							return err
						}
						if err := tx.Put("row", fmt.Sprint(i), []byte("v")); err != nil {
							return err
						}
						if i%2 == 1 {
							return errors.New("refused")
						}
						return nil
					})
					if (err != nil) != (i%2 == 1) {
						t.Errorf("transaction %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			if n, _ := Count(ctx, s, "row"); n != 50 {
				t.Errorf("rows = %d, want 50", n)
			}
			var seq int64
			_ = s.Tx(ctx, func(tx Tx) error { _, err := GetJSON(tx, "seq", "n", &seq); return err })
			if seq != 50 {
				t.Errorf("counter = %d, want 50", seq)
			}
			for i := 1; i < 100; i += 2 {
				if _, ok, _ := Get(ctx, s, "row", fmt.Sprint(i)); ok {
					t.Fatalf("row %d of a failed transaction was kept", i)
				}
			}
		})
	}
}

func TestRowsRange(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"b", "a", "c/1", "c/2", "d"} {
				_ = Put(ctx, s, "r", k, []byte("v"+k))
			}
			_ = Put(ctx, s, "other", "b", []byte("x"))
			keys := func(rows []Row) string {
				var out []string
				for _, r := range rows {
					out = append(out, r.Key)
				}
				return strings.Join(out, " ")
			}
			_ = s.Tx(ctx, func(tx Tx) error {
				for _, c := range []struct {
					from, to string
					limit    int
					want     string
				}{
					{"", "", 0, "a b c/1 c/2 d"},
					{"b", "", 2, "b c/1"},
					{"c/", "c0", 0, "c/1 c/2"},
					{"e", "", 0, ""},
				} {
					rows, err := tx.Rows("r", c.from, c.to, c.limit)
					if got := keys(rows); got != c.want || err != nil {
						t.Errorf("Rows(%q, %q, %d) = %q %v, want %q", c.from, c.to, c.limit, got, err, c.want)
					}
				}
				// Writes of the transaction itself are seen.
				_ = tx.Delete("r", "b")
				_ = tx.Put("r", "bb", []byte("new"))
				if rows, _ := tx.Rows("r", "a", "c", 0); keys(rows) != "a bb" || string(rows[1].Value) != "new" {
					t.Errorf("inside the transaction: %q", keys(rows))
				}
				return nil
			})
		})
	}
}

func TestExpirySweep(t *testing.T) {
	ctx := context.Background()
	const idx = Expiry("x.expiry")
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			err := s.Tx(ctx, func(tx Tx) error {
				for i, k := range []string{"a", "b/slash", "c"} {
					_ = tx.Put("x.token", k, []byte("v"))
					if err := idx.Add(tx, t0.Add(time.Duration(i)*time.Minute), "x.token", k); err != nil {
						return err
					}
				}
				// c's end moves on by an hour.
				_ = idx.Remove(tx, t0.Add(2*time.Minute), "x.token", "c")
				return idx.Add(tx, t0.Add(time.Hour), "x.token", "c")
			})
			if err != nil {
				t.Fatal(err)
			}
			sweep := func(now time.Time, limit int) (n int) {
				_ = s.Tx(ctx, func(tx Tx) (err error) { n, err = idx.Sweep(tx, now, limit); return err })
				return n
			}
			if n := sweep(t0.Add(-time.Nanosecond), 10); n != 0 {
				t.Errorf("before any end: swept %d", n)
			}
			if n := sweep(t0.Add(5*time.Minute), 1); n != 1 {
				t.Errorf("limit 1: swept %d", n)
			}
			if _, ok, _ := Get(ctx, s, "x.token", "a"); ok {
				t.Error("a ended at t0 and is still there")
			}
			if n := sweep(t0.Add(time.Minute), 10); n != 1 {
				t.Errorf("at b's end: swept %d", n)
			}
			if _, ok, _ := Get(ctx, s, "x.token", "b/slash"); ok {
				t.Error("b/slash is still there")
			}
			if _, ok, _ := Get(ctx, s, "x.token", "c"); !ok {
				t.Error("c was swept at its old end")
			}
			if n, _ := Count(ctx, s, string(idx)); n != 1 {
				t.Errorf("index entries left: %d, want 1", n)
			}
		})
	}
}

func TestCountRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sandbox", "state.db")
	if got, err := CountRows(ctx, path); len(got) != 0 || err != nil {
		t.Fatalf("no file: %v %v", got, err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("counting created the state directory: %v", err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // a server holding the file open while status counts
	for _, k := range []string{"a.x/1", "a.x/2", "a.y/1", "b.z/1"} {
		kind, key, _ := strings.Cut(k, "/")
		_ = Put(ctx, f, kind, key, []byte("v"))
	}
	got, err := CountRows(ctx, path)
	if err != nil || len(got) != 3 || got["a.x"] != 2 || got["a.y"] != 1 || got["b.z"] != 1 {
		t.Errorf("CountRows = %v %v", got, err)
	}
}

// A file written by an older insure (rows without large_id, and the
// one-document table before that) opens with its rows readable.
func TestOpenUpdatesAnOlderFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE documents (name TEXT PRIMARY KEY, body BLOB NOT NULL)`,
		`INSERT INTO documents VALUES ('paoding', '{}')`,
		`CREATE TABLE rows (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
		`INSERT INTO rows VALUES ('ebao.quotation', 'Q1', '{"a":1}'), ('ebao.seq', 'Q', '1')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	for range 2 { // and a second open finds nothing more to do
		f, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok, err := Get(context.Background(), f, "ebao.quotation", "Q1"); string(v) != `{"a":1}` || !ok || err != nil {
			t.Errorf("older row: %q %v %v", v, ok, err)
		}
		if err := Put(context.Background(), f, "ebao.quotation", "Q2", bytes.Repeat([]byte("x"), 2*maxInline)); err != nil {
			t.Error(err)
		}
		var docs int
		_ = f.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'documents'`).Scan(&docs)
		if docs != 0 {
			t.Error("the documents table is still there")
		}
		f.Close()
	}
}

// Values longer than maxInline live in large_values; replacing or
// deleting their row takes them along.
func TestLargeValues(t *testing.T) {
	ctx := context.Background()
	f, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	large := func(c byte) []byte { return bytes.Repeat([]byte{c}, maxInline+1) }
	largeRows := func() (n int) {
		_ = f.db.QueryRow(`SELECT count(*) FROM large_values`).Scan(&n)
		return n
	}
	_ = Put(ctx, f, "k", "a", large('a'))
	_ = Put(ctx, f, "k", "b", large('b'))
	_ = Put(ctx, f, "k", "c", []byte("small"))
	if v, _, _ := Get(ctx, f, "k", "a"); !bytes.Equal(v, large('a')) {
		t.Errorf("large value read back as %d bytes", len(v))
	}
	_ = Put(ctx, f, "k", "a", large('A')) // large replaced by large
	_ = Put(ctx, f, "k", "b", []byte("now small"))
	_ = Put(ctx, f, "k", "c", large('c')) // small replaced by large
	_ = f.Tx(ctx, func(tx Tx) error {
		rows, err := tx.Rows("k", "", "", 0)
		if err != nil || len(rows) != 3 || !bytes.Equal(rows[0].Value, large('A')) || string(rows[1].Value) != "now small" || !bytes.Equal(rows[2].Value, large('c')) {
			t.Errorf("Rows: %d rows, %v", len(rows), err)
		}
		return nil
	})
	if n := largeRows(); n != 2 {
		t.Errorf("large values kept: %d, want 2", n)
	}
	// A failed transaction keeps nothing, large values included.
	_ = f.Tx(ctx, func(tx Tx) error { _ = tx.Put("k", "d", large('d')); return errors.New("refused") })
	_ = UpdateRow(ctx, f, "k", "a", func([]byte) ([]byte, error) { return nil, nil })
	if n := largeRows(); n != 1 {
		t.Errorf("after a refusal and a delete: %d large values, want 1", n)
	}
}

// A counter written by PutJSON (a file from an older insure) carries on,
// Next's value reads back with GetJSON, and a transaction that fails
// gives its number back.
func TestFileNextContinuesAndReadsBack(t *testing.T) {
	f, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	if err := f.Tx(ctx, func(tx Tx) error { return PutJSON(tx, "seq", "Q", int64(41)) }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := f.Tx(ctx, func(tx Tx) error {
		if _, err := Next(tx, "seq", "Q"); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	var n, back int64
	if err := f.Tx(ctx, func(tx Tx) (err error) {
		if n, err = Next(tx, "seq", "Q"); err != nil {
			return err
		}
		_, err = GetJSON(tx, "seq", "Q", &back)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n != 42 || back != 42 {
		t.Fatalf("Next %d, read back %d; want 42 and 42", n, back)
	}
}
