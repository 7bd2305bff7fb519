package state

import (
	"context"
	"path/filepath"
	"testing"
)

// A panic in a File transaction's function runs on the committer's
// goroutine: it must come back to the caller, recoverable, with the
// function's writes undone and the store still usable.
func TestFileTxPanicReachesCallerAndIsUndone(t *testing.T) {
	ctx := context.Background()
	f, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := func() (v any) {
		defer func() { v = recover() }()
		_ = f.Tx(ctx, func(tx Tx) error {
			if err := tx.Put("order", "half-done", []byte("x")); err != nil {
				return err
			}
			panic("a bug in the fake")
		})
		return nil
	}()
	p, ok := got.(*TxPanic)
	if !ok || p.Value != "a bug in the fake" {
		t.Fatalf("recovered %v, want a *TxPanic of the function's panic", got)
	}
	if _, found, err := Get(ctx, f, "order", "half-done"); found || err != nil {
		t.Errorf("the panicking transaction's row: found %v, err %v", found, err)
	}
	if err := Put(ctx, f, "order", "next", []byte("y")); err != nil {
		t.Errorf("a transaction after the panic: %v", err)
	}
}
