// Package batch runs one command over many requests: a streaming reader of
// JSON Lines or CSV, a pool of workers, rate limits, an ordered writer of
// JSON Lines results, a summary, and a record of finished lines so an
// interrupted batch can be resumed. Commands plug in with an Adapter that
// turns one input record into a run of their single-request code path.
//
// Memory stays flat: the input is read a line at a time, results are
// written as they complete, and the ordered writer holds at most Window
// results that finished before an earlier line.
package batch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

type engine struct {
	o       Options
	stopCtx context.Context // cancelled when sending stops (quota, signal)
	stop    context.CancelCauseFunc
	runCtx  context.Context // the requests' context: outlives a signal by Grace

	mu      sync.Mutex
	sum     Summary
	started time.Time
	firstNA int
	stopped atomic.Value // string
	// abandoned: the grace period after a signal ended with requests in
	// flight, which were cancelled.
	abandoned atomic.Bool
	// lastWaitNote is when Notices was last told of a long wait.
	lastWaitNote time.Time
	// copies are the recent lines' content hashes, with --resume or for
	// an act (copies.go).
	copies *copies
	// notUTF8Seq is the Seq of the first line that is not UTF-8 (-1 until
	// one is read): no line after it is sent (stopAtNotUTF8).
	notUTF8Seq  atomic.Int64
	notUTF8Line int // its line number, written before notUTF8Seq
	// notUTF8Encoding is the encoding that line is guessed to be in.
	notUTF8Encoding string
}

// quietAfterSignal is how long, after a signal, the batch waits for the
// next input line while no line is in flight: a file or a pipe being
// filled delivers its lines well within it (they are written as not
// attempted, so output still pairs with input), while a terminal or a
// `tail -f` that stays open would hold Ctrl-C for the whole grace period.
const quietAfterSignal = time.Second

// ErrQuota is the cause of a stop after a quota or rate-limit answer.
var ErrQuota = errors.New("a provider answered with a quota or rate limit")

// Run runs the batch and writes one line per input record to o.Out. The
// error is only for what ends the batch as a whole (stdout closed, the
// input unreadable); per-line failures are in the output and the summary.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Grace <= 0 {
		o.Grace = 10 * time.Second
	}
	e := &engine{o: o, started: time.Now()}
	if (o.Resume && o.Journal != nil) || refusesRepeats(o.Adapter) {
		e.copies = newCopies()
	}
	e.sum.ByOutcome = map[string]int{}
	e.stopped.Store("")
	e.notUTF8Seq.Store(-1)
	var cancelStop context.CancelCauseFunc
	e.stopCtx, cancelStop = context.WithCancelCause(context.Background())
	e.stop = cancelStop
	runCtx, cancelRun := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelRun(nil)
	e.runCtx = runCtx
	// inFlight counts the lines handed to the workers and not yet done.
	var inFlight atomic.Int64
	// A signal stops new sends at once and in-flight ones after Grace.
	giveUp := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			e.halt("interrupted", context.Cause(ctx))
			t := time.NewTimer(o.Grace)
			defer t.Stop()
			select {
			case <-t.C:
				e.abandoned.Store(inFlight.Load() > 0)
				// The signal is the cause of what is cut short now, as
				// it is in a single command: the journal rows of the
				// requests in flight name it (httpx reads the cause's
				// ExitCode, 130, 143 or 129), and so do their lines
				// (cutShort). Cancelled without it, the rows read as a
				// lost answer and nothing said the signal ended them.
				cancelRun(context.Cause(ctx))
				close(giveUp)
			case <-runCtx.Done():
			}
		case <-runCtx.Done():
		}
	}()

	window := max(64, 16*o.Concurrency)
	slots := make(chan struct{}, window)
	work := make(chan *Record)
	results := make(chan *Line, o.Concurrency)
	var wg sync.WaitGroup
	for range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rec := range work {
				l := e.process(rec)
				if rec.accepted && o.Adapter.Done != nil {
					o.Adapter.Done(rec, l)
				}
				inFlight.Add(-1)
				results <- l
			}
		}()
	}
	writeErr := make(chan error, 1)
	go func() { writeErr <- e.write(results, slots) }()

	records := make(chan *Record)
	readErr := make(chan error, 1)
	// dispatched is closed when the dispatcher takes no more records.
	dispatched := make(chan struct{})
	go func() {
		defer close(records)
		readErr <- read(o.In, o.Format, headerOf(o.Adapter), func(rec *Record) bool {
			select {
			case records <- rec:
				return true
			case <-dispatched:
				return false
			}
		})
	}()
	var rerr error
	incomplete := false
	// After a signal, the input is read on only while it delivers lines
	// or lines are in flight (see quietAfterSignal), and at the latest
	// until the grace period ends; a regular file (Finite) is read to its
	// end. A record once read is always handed to a worker, which writes
	// it as not attempted: its line must not vanish from the output.
	// A stop without a signal (a quota answer, stdout closed) ends the
	// reading the same way: a stdin that stays open (`tail -f |`) held the
	// batch, sending nothing, until the input ended, which it never did.
	signal, signalled, gaveUp := ctx.Done(), false, giveUp
	stopped := e.stopCtx.Done()
dispatch:
	for {
		var quiet <-chan time.Time
		if signalled && !o.Finite {
			quiet = time.After(quietAfterSignal)
		}
		select {
		case <-signal:
			signal, signalled = nil, true
			continue
		case <-stopped:
			stopped, signalled = nil, true
			continue
		case <-quiet:
			if inFlight.Load() == 0 {
				incomplete = true
				break dispatch
			}
			continue
		case rec, ok := <-records:
			if !ok {
				rerr = <-readErr
				break dispatch
			}
			// Blocking is safe: after the grace period the requests in
			// flight are cancelled, so the workers and the writer (which
			// frees the slots) go on.
			slots <- struct{}{}
			inFlight.Add(1)
			e.prepare(rec)
			e.stopAtNotUTF8(rec)
			work <- rec
		case <-gaveUp:
			if o.Finite {
				gaveUp = nil
				continue
			}
			incomplete = true
			break dispatch
		}
	}
	close(dispatched)
	close(work)
	wg.Wait()
	close(results)
	werr := <-writeErr
	if e.o.Progress != nil {
		e.o.Progress.Finish()
	}
	e.sum.Elapsed = time.Since(e.started)
	e.sum.Stopped, _ = e.stopped.Load().(string)
	e.sum.FirstNotAttempted = e.firstNA
	e.sum.NotUTF8Line = e.notUTF8Line
	e.sum.NotUTF8Encoding = e.notUTF8Encoding
	e.sum.InputIncomplete = incomplete
	e.sum.Abandoned = e.abandoned.Load()
	if werr != nil {
		return &e.sum, werr
	}
	var noRows *NoRowsError
	if errors.As(rerr, &noRows) {
		e.sum.CSVHeaderOnly, rerr = noRows.Header, nil
	}
	var fe *failure.Error
	if rerr != nil && !errors.As(rerr, &fe) {
		rerr = &failure.Error{Kind: failure.Unexpected, Message: "reading the batch input: " + rerr.Error(), Err: rerr}
	}
	return &e.sum, rerr
}

// halt stops sending new lines, once, saying why.
func (e *engine) halt(why string, cause error) {
	if e.stopped.CompareAndSwap("", why) {
		e.stop(cause)
	}
}
