package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// A store file replaced by something else (a backup restored over it, a
// file of another program) is named, with how to go on, not "file is not
// a database (26)".
func TestStoreReplacedByAnotherFileSaysWhatToDo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Unexpected {
		t.Fatalf("error %v, want an explained local failure (exit 1)", err)
	}
	if strings.Contains(err.Error(), "not a database (26)") || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "is not insure's store") {
		t.Fatalf("message %q: should name the file and say what is wrong in words", err)
	}
	if !strings.Contains(fe.Hint, "mv "+path+" "+path+".bad") {
		t.Fatalf("hint %q: should say how to go on", fe.Hint)
	}
}

// Another process holding the store's write lock past the busy timeout
// fails a write with the file, the reason and what to do, never SQLite's
// bare "database is locked".
func TestBusyStoreIsExplainedNotDatabaseIsLocked(t *testing.T) {
	defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
	busyTimeout = 200 * time.Millisecond
	s := open(t)
	other, err := sql.Open("sqlite", "file:"+s.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`) //nolint:errcheck

	err = s.PutBatchLine(context.Background(), "quote", "p", "h1", BatchLine{Line: 1, Outcome: "in_flight"})
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want an explained failure", err, err)
	}
	if msg := err.Error(); strings.Contains(msg, "database is locked") || !strings.Contains(msg, s.Path) ||
		!strings.Contains(msg, "busy") {
		t.Fatalf("message %q", msg)
	}
	if !strings.Contains(fe.Hint, "--resume") {
		t.Fatalf("hint %q: should say how to go on", fe.Hint)
	}
	if _, err := s.GetBatchLine(context.Background(), "quote", "p", "h1"); err != nil {
		t.Fatalf("a read is not held up by another process's write: %v", err)
	}
}

// A batch's lines each wait for the token lock. When one of them waited
// its whole time for a stuck holder in another process, the others give
// up at once on that same hold instead of each waiting the whole time.
func TestLaterWaitForTheSameStuckHoldGivesUpAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	holder := startHolder(t, path)
	tc := s.TokenCacheWith("p", "paoding", TokenCacheOptions{MaxWait: 700 * time.Millisecond})
	start := time.Now()
	if err := tc.Lock(context.Background(), func() error { return nil }); err == nil {
		t.Fatal("took a lock another process holds")
	}
	if waited := time.Since(start); waited < 600*time.Millisecond {
		t.Fatalf("the first wait gave up after %s, want its whole 700ms", waited)
	}

	tc = s.TokenCacheWith("p", "paoding", TokenCacheOptions{MaxWait: 5 * time.Second})
	start = time.Now()
	err = tc.Lock(context.Background(), func() error { t.Error("ran while another process held the lock"); return nil })
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("the second wait for the same stuck hold took %s", waited)
	}
	if failure.KindOf(err) != failure.Network || !strings.Contains(err.Error(), "already waited") ||
		!strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("error %v (kind %v)", err, failure.KindOf(err))
	}

	// Once the holder is gone the lock is taken as before.
	_ = holder.Process.Kill()
	_ = holder.Wait()
	ran := false
	if err := tc.Lock(context.Background(), func() error { ran = true; return nil }); err != nil || !ran {
		t.Fatalf("after the holder died: ran %v, %v", ran, err)
	}
}

// The lines of a batch that wait together for the same holder get one
// waiting notice between them, not one each.
func TestWaitersForTheSameHoldAreToldOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	startHolder(t, path)
	var notices atomic.Int32
	tc := s.TokenCacheWith("p", "paoding", TokenCacheOptions{MaxWait: 1500 * time.Millisecond,
		OnWait: func(LockWait) { notices.Add(1) }})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = tc.Lock(context.Background(), func() error { return nil })
		}()
	}
	wg.Wait()
	if n := notices.Load(); n != 1 {
		t.Fatalf("%d waiting notices for 4 waiters of one hold, want 1", n)
	}
}
