package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state", "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestFileIsPrivate(t *testing.T) {
	s := open(t)
	st, err := os.Stat(s.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o, want 600", st.Mode().Perm())
	}
}

func TestTokensRoundTripPerProfile(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	a := s.TokenCache("test", "paoding")
	b := s.TokenCache("prod", "paoding")
	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	if err := a.Save(ctx, &tokencache.Token{Value: "A", RefreshToken: "R", ExpiresAt: exp}); err != nil {
		t.Fatal(err)
	}
	got, err := a.Load(ctx)
	if err != nil || got == nil || got.Value != "A" || !got.ExpiresAt.Equal(exp) {
		t.Fatalf("got %+v, %v", got, err)
	}
	if other, _ := b.Load(ctx); other != nil {
		t.Fatalf("profile prod sees %+v", other)
	}
	_ = a.Clear(ctx)
	if got, _ := a.Load(ctx); got != nil {
		t.Fatal("not cleared")
	}
}

func TestLockExcludesOtherProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s1, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var inside, maxInside int32
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		st := s1
		if i%2 == 1 {
			st = s2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := st.TokenCache("p", "paoding").Lock(context.Background(), func() error {
				n := atomic.AddInt32(&inside, 1)
				for {
					m := atomic.LoadInt32(&maxInside)
					if n <= m || atomic.CompareAndSwapInt32(&maxInside, m, n) {
						break
					}
				}
				time.Sleep(5 * time.Millisecond)
				atomic.AddInt32(&inside, -1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxInside != 1 {
		t.Fatalf("%d holders at once", maxInside)
	}
}

func TestJournalHistoryAndKeys(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	j := s.Journal()
	j.Record(ctx, httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "report.buy", Keys: map[string]string{"orderId": "O-1"}, Method: "POST", URL: "http://x", Status: 200})
	j.Record(ctx, httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "report.get", Keys: map[string]string{"orderId": "O-2"}, Method: "GET", URL: "http://x", Status: 200, Request: "req", Response: "resp"})
	h, err := s.History(ctx, JournalFilter{Key: "O-1"})
	if err != nil || len(h) != 1 || h[0].Operation != "report.buy" {
		t.Fatalf("history %+v %v", h, err)
	}
	all, _ := s.History(ctx, JournalFilter{})
	if len(all) != 2 || all[0].Operation != "report.get" {
		t.Fatalf("order %+v", all)
	}
	e, err := s.JournalEntryByID(ctx, all[0].ID)
	if err != nil || e.Response != "resp" {
		t.Fatalf("entry %+v %v", e, err)
	}
	ids, _ := s.KeysContaining(ctx, []string{"orderId"}, "o-", 10)
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
}

func TestNotificationRecordedOnceAndRepeatsCounted(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	n := Notification{Provider: "paoding", OrderID: "O-1", Hash: "h1", Body: []byte("status=2&orderId=O-1")}
	rec, dup, err := s.RecordNotification(ctx, n)
	if err != nil || dup || rec.Count != 1 {
		t.Fatalf("first: %+v %v %v", rec, dup, err)
	}
	rec, dup, err = s.RecordNotification(ctx, n)
	if err != nil || !dup || rec.Count != 2 {
		t.Fatalf("repeat: %+v %v %v", rec, dup, err)
	}
	n.Hash = "h2" // the same order, new content (a later status)
	if _, dup, _ := s.RecordNotification(ctx, n); dup {
		t.Fatal("new content taken for a duplicate")
	}
	all, err := s.Notifications(ctx, "paoding", "O-1")
	if err != nil || len(all) != 2 || all[0].Count != 2 || string(all[0].Body) != "status=2&orderId=O-1" {
		t.Fatalf("%+v %v", all, err)
	}
}

// Ctrl-C cancels the context while a token is being fetched under the lock:
// the lock must still be released, or the next command would wait for its
// two-minute expiry.
func TestLockIsReleasedWhenTheContextIsCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s1, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	ctx, cancel := context.WithCancel(context.Background())
	err = s1.TokenCache("p", "paoding").Lock(ctx, func() error {
		cancel() // the signal arrives while the token request is in flight
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("lock returned %v", err)
	}
	// Another process takes the lock at once; the deadline only stops the
	// test from hanging if the lock was left behind.
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	if err := s2.TokenCache("p", "paoding").Lock(ctx2, func() error { return nil }); err != nil {
		t.Fatalf("the lock was not released: %v", err)
	}
}
