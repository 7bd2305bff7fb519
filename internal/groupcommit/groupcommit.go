// Package groupcommit shares SQLite transactions between concurrent
// writers. While one transaction is being written, the writes that arrive
// queue up; the next transaction runs them all, each inside its own
// SAVEPOINT so that a failing write undoes only its own changes, and every
// caller returns once the transaction holding its write has committed (or
// failed). Alone, a write still gets its own transaction at once.
//
// Under load this divides the fixed cost of a commit (BEGIN IMMEDIATE, the
// WAL frames of every page touched, the index pages written again) between
// many writes: a batch of 32 requests in flight records its journal rows
// in a few commits instead of 32. The durability of each write is the
// database's: a caller of Do is answered only after COMMIT.
//
// Go queues a write without waiting for it (write-behind): the caller goes
// on at once, and the writes pile up into larger transactions while it
// does. Flush waits for every write queued so far, and Close runs the
// queue to its end before it stops.
package groupcommit

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// MaxGroup bounds the writes one transaction runs.
const MaxGroup = 256

// queueLength bounds the writes waiting for a transaction: Go blocks when
// it is full, so a writer faster than the disk slows down instead of
// growing the queue without end.
const queueLength = 2 * MaxGroup

// Linger is how long a transaction waits for more writes before it
// begins, when the one before it was shared. Writers that arrive together
// once (a batch's requests in flight) keep arriving together, but a few
// hundred microseconds apart: without the wait each transaction would hold
// one or two of them. A lone writer (a single command) never waits.
const Linger = time.Millisecond

// BehindLinger is how long writes queued with Go wait for more before
// their transaction begins: nobody waits for them, and every write more in
// a transaction is a commit less.
const BehindLinger = 10 * time.Millisecond

// ErrClosed is returned for writes after Close.
var ErrClosed = errors.New("groupcommit: closed")

// Committer runs writes against one database, grouped into transactions.
type Committer struct {
	db      *sql.DB
	jobs    chan *job
	done    chan struct{} // closed by Close
	stopped chan struct{} // closed when the writing goroutine has returned
	once    sync.Once
	// sending is held (shared) while a job is being queued and taken
	// (exclusive) by Close, so no job is queued after the last drain.
	sending sync.RWMutex
	closed  bool
	pending atomic.Int64 // jobs queued and not yet run
	// lost counts the writes queued with Go that failed, whose error had
	// nobody to go to, and lostErr is the first of them (Lost).
	lost    atomic.Int64
	lostMu  sync.Mutex
	lostErr error

	savepoint, release, undo *sql.Stmt
}

type job struct {
	ctx  context.Context
	fn   func(context.Context, *sql.Tx) error
	errc chan error // nil for a write nobody waits for (Go)
}

// New starts a Committer on db. The database's transactions should be
// IMMEDIATE (modernc's _txlock=immediate) so that two processes sharing
// the file never both read and then write.
func New(db *sql.DB) (*Committer, error) {
	c := &Committer{db: db, jobs: make(chan *job, queueLength), done: make(chan struct{}), stopped: make(chan struct{})}
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&c.savepoint, `SAVEPOINT groupcommit`},
		{&c.release, `RELEASE groupcommit`},
		{&c.undo, `ROLLBACK TO groupcommit`},
	} {
		s, err := db.Prepare(p.q)
		if err != nil {
			c.closeStmts()
			return nil, err
		}
		*p.stmt = s
	}
	go c.loop()
	return c, nil
}

// Do runs fn in a transaction shared with the writes queued beside it and
// returns fn's error, or the transaction's when it could not commit. fn
// must only use tx and must not call Do. It may run twice (when a write
// beside it fails, the group is run again): whatever it sets outside tx
// must be set afresh each time.
func (c *Committer) Do(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	j := &job{ctx: ctx, fn: fn, errc: make(chan error, 1)}
	if err := c.queue(ctx, j); err != nil {
		return err
	}
	return <-j.errc
}

// Go queues fn like Do but returns without waiting for it to commit; its
// error is only counted (Lost). For writes whose loss in a crash costs nothing but
// the record (journal rows, results that a re-run redoes): the caller is
// not held up by the commit. fn runs with a context that is never
// cancelled. It returns ErrClosed after Close.
func (c *Committer) Go(fn func(context.Context, *sql.Tx) error) error {
	return c.queue(context.Background(), &job{ctx: context.Background(), fn: fn})
}

// Lost says how many writes queued with Go have failed so far, and the
// first one's error: nobody waits for them, and a caller that queued
// thousands (a batch on a disk that filled up) must still be able to say
// that its records are not all there.
func (c *Committer) Lost() (int64, error) {
	c.lostMu.Lock()
	defer c.lostMu.Unlock()
	return c.lost.Load(), c.lostErr
}

// Flush waits until every write queued before it has been committed (or
// has failed). With nothing queued it returns at once.
func (c *Committer) Flush(ctx context.Context) error {
	if c.pending.Load() == 0 {
		return nil
	}
	err := c.Do(ctx, func(context.Context, *sql.Tx) error { return nil })
	if errors.Is(err, ErrClosed) {
		return nil // Close ran the queue to its end
	}
	return err
}

func (c *Committer) queue(ctx context.Context, j *job) error {
	c.sending.RLock()
	defer c.sending.RUnlock()
	if c.closed {
		return ErrClosed
	}
	c.pending.Add(1)
	select {
	case c.jobs <- j:
		return nil
	case <-ctx.Done():
		c.pending.Add(-1)
		return ctx.Err()
	}
}

// Close runs every queued write, then stops the Committer. It does not
// close the database.
func (c *Committer) Close() {
	c.once.Do(func() {
		c.sending.Lock()
		c.closed = true
		c.sending.Unlock()
		close(c.done)
		<-c.stopped
		c.closeStmts()
	})
}

func (c *Committer) closeStmts() {
	for _, s := range []*sql.Stmt{c.savepoint, c.release, c.undo} {
		if s != nil {
			s.Close()
		}
	}
}

// loop is the one goroutine that writes: it takes a write, then every
// write already waiting (up to MaxGroup), and runs them in one transaction.
// Once Close has been called no write can be queued any more: it runs
// what is left in the queue and returns.
func (c *Committer) loop() {
	defer close(c.stopped)
	group := make([]*job, 0, MaxGroup)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	shared := false // the last group held more than one write
	for {
		select {
		case j := <-c.jobs:
			group = append(group[:0], j)
		case <-c.done:
			c.drain(group)
			return
		}
		// How long to wait for more writes: nobody waits for writes
		// behind, so a group of them waits longest; a group that was
		// shared waits a little; a lone write not at all.
		var wait time.Duration
		switch {
		case group[0].errc == nil:
			wait = BehindLinger
		case shared:
			wait = Linger
		}
		if wait > 0 {
			timer.Reset(wait)
		}
	more:
		for len(group) < MaxGroup {
			if wait == 0 {
				select {
				case j := <-c.jobs:
					group = append(group, j)
				default:
					break more
				}
				continue
			}
			select {
			case j := <-c.jobs:
				group = append(group, j)
				if j.errc != nil && wait == BehindLinger {
					wait = 0 // somebody waits now: take what is queued and go
				}
			case <-timer.C:
				wait = 0
				break more
			}
		}
		if !timer.Stop() {
			select { // drained already when the wait ended on it
			case <-timer.C:
			default:
			}
		}
		shared = len(group) > 1
		c.run(group)
	}
}

// drain runs the writes left in the queue after Close, MaxGroup at a time.
func (c *Committer) drain(group []*job) {
	for {
		group = group[:0]
	take:
		for len(group) < MaxGroup {
			select {
			case j := <-c.jobs:
				group = append(group, j)
			default:
				break take
			}
		}
		if len(group) == 0 {
			return
		}
		c.run(group)
	}
}

// run executes a group in one transaction and answers every caller once
// the transaction's fate is known. Writes rarely fail, so the group first
// runs without savepoints (two statements fewer a write); if a write does
// fail, that transaction is rolled back and the group runs again with each
// write in its own savepoint, so the failure undoes only its own changes.
func (c *Committer) run(group []*job) {
	errs := make([]error, len(group))
	done, err := c.attempt(group, errs, false)
	if err == nil && !done {
		_, err = c.attempt(group, errs, true)
	}
	for i, j := range group {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		c.pending.Add(-1)
		if j.errc != nil {
			j.errc <- errs[i]
		} else if errs[i] != nil {
			c.lostMu.Lock()
			if c.lost.Add(1) == 1 {
				c.lostErr = errs[i]
			}
			c.lostMu.Unlock()
		}
	}
}

// attempt runs group in one transaction, setting each write's error in
// errs, and reports whether the group is done. Without savepoints it gives
// up at the first write that fails (not done) unless that write is alone,
// in which case its error is the answer and nothing is committed.
func (c *Committer) attempt(group []*job, errs []error, savepoints bool) (done bool, err error) {
	tx, err := c.db.BeginTx(context.Background(), nil)
	if err != nil {
		return true, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	for i, j := range group {
		if errs[i] = j.ctx.Err(); errs[i] != nil {
			continue
		}
		if !savepoints {
			if errs[i] = j.fn(j.ctx, tx); errs[i] != nil {
				return len(group) == 1, nil
			}
			continue
		}
		if _, err := tx.Stmt(c.savepoint).Exec(); err != nil {
			return true, err
		}
		if errs[i] = j.fn(j.ctx, tx); errs[i] != nil {
			if _, err := tx.Stmt(c.undo).Exec(); err != nil {
				return true, err
			}
		}
		if _, err := tx.Stmt(c.release).Exec(); err != nil {
			return true, err
		}
	}
	return true, tx.Commit()
}
