package state

import (
	"path/filepath"
	"sync"
	"testing"
)

type counter struct{ N int }

func TestFileUpdatesAreSerialised(t *testing.T) {
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
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		s := Store(a)
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := UpdateJSON(s, "c", func(c *counter) error { c.N++; return nil }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	var got counter
	_ = UpdateJSON(a, "c", func(c *counter) error { got = *c; return nil })
	if got.N != 20 {
		t.Fatalf("counter = %d, want 20", got.N)
	}
}
