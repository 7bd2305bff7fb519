// Package statetest opens sandbox state files for tests and benchmarks
// that measure a fake over many stored records.
package statetest

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
)

// Open opens a fresh state file in the test's temporary folder and
// returns it with its path.
func Open(tb testing.TB) (*state.File, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "sandbox.db")
	st, err := state.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	return st, path
}

// Reopen closes st and opens the file at path again, as a later `insure
// sandbox serve` finds it: the rows in the database file, not in the
// write-ahead log, and none of the filling's garbage on the heap. The new
// File is closed when the test ends.
func Reopen(tb testing.TB, st *state.File, path string) *state.File {
	tb.Helper()
	if err := st.Close(); err != nil {
		tb.Fatal(err)
	}
	st, err := state.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	runtime.GC()
	return st
}
