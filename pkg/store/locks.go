package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// leaseSchema is the lock table. A row names its holder (pid, the
// process's start time where the platform tells it, the host) so a waiter
// can see that the holder has died and take the lock over at once; the
// lease, renewed by the holder while it works, is the fallback where the
// holder cannot be checked (another host, a platform without /proc).
const leaseSchema = `
CREATE TABLE IF NOT EXISTS leases (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL, pid INTEGER NOT NULL, started TEXT NOT NULL,
	host TEXT NOT NULL, purpose TEXT NOT NULL, expires_at INTEGER NOT NULL);
`

// DefaultLease is how long a lock outlives its last renewal. The holder
// renews it every third of that while it works, so only a holder that
// stopped (killed, suspended, on another host that went away) loses it.
const DefaultLease = 15 * time.Second

// LockOptions shape one Lock call.
type LockOptions struct {
	// Purpose says what the holder does, for the waiting notice and the
	// error ("refreshing the paoding token").
	Purpose string
	// Lease overrides DefaultLease (tests).
	Lease time.Duration
	// MaxWait bounds the wait for the lock, on top of ctx's deadline
	// (the command's --timeout); zero waits as long as ctx allows.
	MaxWait time.Duration
	// OnWait is called once when the lock has been waited for more than a
	// second, so a person knows why nothing happens. The store has no
	// output of its own.
	OnWait func(LockWait)
}

// LockWait describes the holder a waiter is waiting for.
type LockWait struct {
	Name    string
	PID     int
	Host    string // empty when it is this host
	Purpose string
	// owner identifies the holder's hold (Lock's owner), to tell a holder
	// that kept the lock since an earlier wait from a later hold.
	owner string
}

// String is the notice a command prints on stderr.
func (w LockWait) String() string {
	what := w.Purpose
	if what == "" {
		what = "holding " + w.Name
	}
	if w.PID == 0 {
		// The wait ended before any attempt read the holder's row.
		return fmt.Sprintf("waiting for another insure process %s...", what)
	}
	if w.Ours() {
		// A batch's lines wait for each other: "another insure process
		// (pid N)" named the batch itself, and its hint said to stop it.
		return fmt.Sprintf("waiting for another request of this insure process (pid %d) %s...", w.PID, what)
	}
	who := fmt.Sprintf("pid %d", w.PID)
	if w.Host != "" {
		who += " on " + w.Host
	}
	return fmt.Sprintf("waiting for another insure process (%s) %s...", who, what)
}

// Ours says the holder is this process: another goroutine of it (a
// batch's line fetching the token the others wait for).
func (w LockWait) Ours() bool { return w.PID == os.Getpid() && w.Host == "" }

// LockTimeoutError is a wait for a lock that ran out of time (ctx's
// deadline or MaxWait) while a live holder kept it.
type LockTimeoutError struct {
	Holder LockWait
	Waited time.Duration
	// Before is how long an earlier wait of this process waited for the
	// same hold; non-zero when this wait gave up at once because of it.
	Before time.Duration
}

func (e *LockTimeoutError) Error() string {
	if e.Holder.PID == 0 {
		// No attempt saw a holder: the time ran out before the lock
		// could be looked at (an earlier step spent the deadline), and
		// "waiting for another insure process" blamed one that need
		// not exist.
		return fmt.Sprintf("gave up after %s: the time limit ran out before lock %s could be taken (no holder was seen)", e.Waited.Round(100*time.Millisecond), e.Holder.Name)
	}
	w := e.Holder.String()
	if e.Before > 0 {
		return fmt.Sprintf("gave up at once %s: an earlier request of this process already waited %s for it", w[:len(w)-3], e.Before.Round(100*time.Millisecond))
	}
	return fmt.Sprintf("gave up after %s %s", e.Waited.Round(100*time.Millisecond), w[:len(w)-3])
}

// outlasted remembers, per lock name, a hold by another process that
// outlasted a whole wait of this one, and how long that wait was. A
// batch's lines each wait for the token lock: without this every line
// waited its whole --timeout for the same stuck holder, one after the
// other, and 10,000 lines took hours to fail. A later wait that finds the
// same hold gives up at once; a new hold (the holder let go and took it
// again, or another process took it) is waited for as usual.
type outlasted struct {
	mu    sync.Mutex
	holds map[string]outlastedHold
	// told is the hold of each lock the waiting notice was last given
	// for: a batch's lines wait together, and one notice says it.
	told map[string]string
}

// firstNotice says no wait of this process has yet given the waiting
// notice for the hold h.
func (o *outlasted) firstNotice(name string, h LockWait) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.told == nil {
		o.told = map[string]string{}
	}
	if h.owner != "" && o.told[name] == h.owner {
		return false
	}
	o.told[name] = h.owner
	return true
}

type outlastedHold struct {
	owner  string
	waited time.Duration
}

func (o *outlasted) note(name string, h LockWait, waited time.Duration) {
	if h.owner == "" || h.Ours() {
		// Another request of this process holds it: it answers or
		// fails within its own deadline, so waiting for it is not wasted.
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.holds == nil {
		o.holds = map[string]outlastedHold{}
	}
	o.holds[name] = outlastedHold{owner: h.owner, waited: waited}
}

// already says how long an earlier wait waited for the hold h, or 0.
func (o *outlasted) already(name string, h LockWait) time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	if e, ok := o.holds[name]; ok && e.owner == h.owner {
		return e.waited
	}
	return 0
}

// Unwrap makes the error a context.DeadlineExceeded.
func (e *LockTimeoutError) Unwrap() error { return context.DeadlineExceeded }

var (
	hostOnce sync.Once
	hostName string
)

func thisHost() string {
	hostOnce.Do(func() { hostName, _ = os.Hostname() })
	return hostName
}

// Lock takes the named lock, waiting while another live holder keeps it,
// runs fn and releases the lock, also when fn panics or ctx is cancelled
// (a signal). It never waits past ctx's deadline or o.MaxWait. A holder
// that no longer runs on this host is taken over at once; one that cannot
// be checked loses the lock when its lease runs out.
func (s *Store) Lock(ctx context.Context, name string, o LockOptions, fn func() error) error {
	lease := o.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	var idb [8]byte
	_, _ = rand.Read(idb[:])
	owner := fmt.Sprintf("%d-%s", os.Getpid(), hex.EncodeToString(idb[:]))
	waitCtx := ctx
	if o.MaxWait > 0 {
		var cancel context.CancelFunc
		waitCtx, cancel = context.WithTimeout(ctx, o.MaxWait)
		defer cancel()
	}
	start := time.Now()
	noticed := false
	// holder is the last holder seen. An attempt the deadline cuts short
	// sees nobody, so the error names the holder seen before it.
	var holder LockWait
	for {
		seen, ok, err := s.tryLock(waitCtx, name, owner, o.Purpose, lease)
		if err != nil {
			if waitCtx.Err() != nil {
				return s.lockWaitError(ctx, name, holder, start)
			}
			return s.explain(fmt.Errorf("taking lock %s: %w", name, err))
		}
		if ok {
			break
		}
		holder = seen
		if before := s.outlasted.already(name, holder); before > 0 {
			holder.Name = name
			return &LockTimeoutError{Holder: holder, Waited: time.Since(start), Before: before}
		}
		if !noticed && o.OnWait != nil && time.Since(start) > time.Second {
			noticed = true
			if s.outlasted.firstNotice(name, holder) {
				o.OnWait(holder)
			}
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-waitCtx.Done():
			t.Stop()
			return s.lockWaitError(ctx, name, holder, start)
		case <-t.C:
		}
	}

	// Renew the lease while fn works; release in any case, with a context
	// of its own so a cancelled command still lets go.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?`,
					time.Now().Add(lease).UnixMilli(), name, owner)
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_, _ = s.db.ExecContext(rctx, `DELETE FROM leases WHERE name = ? AND owner = ?`, name, owner)
	}()
	return fn()
}

func (s *Store) lockWaitError(ctx context.Context, name string, holder LockWait, start time.Time) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("waiting for lock %s: %w", name, ctx.Err())
	}
	holder.Name = name
	waited := time.Since(start)
	s.outlasted.note(name, holder, waited)
	return &LockTimeoutError{Holder: holder, Waited: waited}
}

// tryLock takes the lock if it is free, expired or held by a process that
// has died, in one immediate transaction; otherwise it reports the holder.
func (s *Store) tryLock(ctx context.Context, name, owner, purpose string, lease time.Duration) (LockWait, bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return LockWait{Name: name}, false, err
	}
	defer tx.Rollback() //nolint:errcheck
	var pid int
	var started, host, hpurpose, howner string
	var expires int64
	err = tx.QueryRowContext(ctx, `SELECT pid, started, host, purpose, expires_at, owner FROM leases WHERE name = ?`, name).
		Scan(&pid, &started, &host, &hpurpose, &expires, &howner)
	now := time.Now()
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return LockWait{Name: name}, false, err
	default:
		holder := LockWait{Name: name, PID: pid, Purpose: hpurpose, owner: howner}
		if host != thisHost() {
			holder.Host = host
		}
		live := now.UnixMilli() <= expires
		if live && holder.Host == "" && !processAlive(pid, started) {
			live = false
		}
		if live {
			return holder, false, tx.Commit()
		}
	}
	me := os.Getpid()
	if _, err := tx.ExecContext(ctx, `INSERT INTO leases(name, owner, pid, started, host, purpose, expires_at) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, started = excluded.started,
		host = excluded.host, purpose = excluded.purpose, expires_at = excluded.expires_at`,
		name, owner, me, processStart(me), thisHost(), purpose, now.Add(lease).UnixMilli()); err != nil {
		return LockWait{Name: name}, false, err
	}
	return LockWait{}, true, tx.Commit()
}
