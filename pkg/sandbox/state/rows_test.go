package state

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
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
