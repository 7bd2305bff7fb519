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
	"encoding/json"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/time/rate"
)

// Outcomes besides the failure kinds' names (usage, auth, refused,
// network, verification, rate_limit, unexpected).
const (
	OutcomeOK           = "ok"
	OutcomeSkipped      = "skipped"       // done in an earlier run (--resume)
	OutcomeNotAttempted = "not_attempted" // the batch stopped first (quota, signal)
	OutcomeUnknown      = "unknown"       // an earlier run's outcome could not be resolved
	OutcomeBlank        = "blank"         // a line with nothing on it: nothing to send
	outcomeInFlight     = "in_flight"     // recorded before an act is sent
)

// Adapter is one command's part: how a record becomes a request.
type Adapter struct {
	// Command names the command in the resume table ("vin-report buy").
	Command string
	// Provider and Operation select the rate limiter.
	Provider, Operation string
	// Echo lists the fields echoed under "input" in each output line; a
	// field is echoed under its first name.
	Echo [][]string
	// EchoFrom, when set, adds identifiers found deeper in a JSON line
	// (eBao's plate, in its insured objects' factor table) to the echo.
	EchoFrom func(fields map[string]any) map[string]string
	// Act says a line spends money or changes a policy: it is recorded as
	// in flight before it is sent, so a resumed batch resolves it first.
	Act bool
	// Fields, when set, are the fields of a line (the command's own, as
	// rec.Known checks them): the hint of a line refused before Prepare
	// (a JSON member given twice) shows a good line made of them.
	Fields []Field
	// Columns, for a line that is a request body (no Fields), are the
	// body's members as CSV columns (ColumnsOf): the hints of a bad CSV
	// header show them. Nil: the hints name no columns.
	Columns []string
	// Prepare may change the record before it runs (a derived order id).
	// It is called in input order, by the one goroutine that hands lines
	// to the workers, so it must be quick and never wait: what it
	// registers (a vehicle a line buys) is registered in the order of the
	// input, whatever the workers' timing.
	Prepare func(rec *Record) error
	// Done, when set, is told how each line Prepare accepted ended,
	// whatever ended it (run, skipped by --resume, resolved, not
	// attempted), before its output line is written: a line waiting on
	// an earlier one (dupes.go in vin-report buy) learns its outcome.
	Done func(rec *Record, l *Line)
	// Run runs the command's single-request code path and returns its
	// JSON result.
	Run func(ctx context.Context, rec *Record) (json.RawMessage, error)
	// Resolve settles an act whose earlier outcome is unknown: found with
	// its result; not found (nil, false, nil) means it may be sent again.
	// Nil: an unknown act is reported as unknown, with CheckHint.
	Resolve func(ctx context.Context, rec *Record) (json.RawMessage, bool, error)
	// CheckHint says how to check an unresolved line by hand.
	CheckHint func(rec *Record) string
	// Check, when set, runs once before the input is read (pkg/cmd/batchcmd):
	// what would fail every line alike, such as a malformed --set, is one
	// usage error, exit 2, rather than the same error on every line.
	Check func() error
}

// Entry is what the resume table keeps of a finished line.
type Entry struct {
	Line     int
	Outcome  string
	ExitCode int
	Result   json.RawMessage
	// UpdatedAt is when the entry was recorded (zero: not known). One
	// recorded since the batch started is this run's own, by an identical
	// line earlier in the same input.
	UpdatedAt time.Time
}

// Journal is the resume table (pkg/store's BatchLines). PutBatchLine
// returns once the entry is committed (an act's in-flight entry, written
// before its request is sent); FinishBatchLine may return before (a
// line's final outcome: lost in a crash, the line is sent again or
// resolved by --resume).
type Journal interface {
	GetBatchLine(ctx context.Context, command, profile, hash string) (*Entry, error)
	PutBatchLine(ctx context.Context, command, profile, hash string, e Entry) error
	FinishBatchLine(ctx context.Context, command, profile, hash string, e Entry) error
}

// Options configure a run.
type Options struct {
	Adapter Adapter
	Profile string
	In      io.Reader
	Format  string // jsonl or csv
	// Concurrency is the number of workers (default 4).
	Concurrency int
	// Unordered writes results as they finish instead of in input order.
	Unordered bool
	// Limiters all must allow each request (per second, daily quota).
	Limiters []*rate.Limiter
	Out      io.Writer
	// Progress, when set, is told about every finished line.
	Progress Progress
	// Journal records finished lines; nil records nothing (--dry-run).
	Journal Journal
	// Resume skips lines the journal says are done and resolves unknown ones.
	Resume bool
	// Grace is how long in-flight requests may run on after a signal.
	Grace time.Duration
	// Source names the input as the user gave it (--batch FILE, "-" for
	// stdin); each record carries it, for hints that quote a line.
	Source string
	// Finite says the input is a regular file: it cannot stall, so after
	// a signal it is read to its end, every line not sent written as not
	// attempted, instead of being abandoned like a stdin that stays open.
	Finite bool
	// Notices, when set, is told (stderr) when a rate limit holds lines
	// back long enough for the batch to look stuck.
	Notices io.Writer
}

// Progress is the progress display's side of the engine.
type Progress interface {
	Done(outcome string)
	Finish()
}

// Line is one output line.
type Line struct {
	Line     int               `json:"line"`
	Input    map[string]string `json:"input,omitempty"`
	Outcome  string            `json:"outcome"`
	ExitCode int               `json:"exit_code"`
	Code     string            `json:"code,omitempty"`
	Message  string            `json:"message,omitempty"`
	Hint     string            `json:"hint,omitempty"`
	Unknown  bool              `json:"outcome_unknown,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
	Result   json.RawMessage   `json:"result,omitempty"`

	seq int
}

// Summary counts what happened.
type Summary struct {
	Total     int
	ByOutcome map[string]int
	Elapsed   time.Duration
	// ExitCode is the batch's exit code (see Severity).
	ExitCode int
	// Stopped says why sending stopped early ("" when it did not).
	Stopped string
	// FirstNotAttempted is the line number of the first line not sent.
	FirstNotAttempted int
	// InputIncomplete says the input was not read to its end (a signal
	// arrived while stdin was still open).
	InputIncomplete bool
	// Abandoned says requests still in flight when the grace period after
	// a signal ended were cancelled (their lines say how each ended).
	Abandoned bool
	// NotUTF8Line is the first line that was not UTF-8 text (0: none).
	NotUTF8Line int
	// NotUTF8Encoding is the encoding that line is guessed to be in
	// (EncodingGBK, EncodingUTF16), for the advice on converting it.
	NotUTF8Encoding string
	// CSVHeaderOnly is the header of CSV input that had no row after it.
	CSVHeaderOnly []string
}

// severity ranks exit codes for a batch's own exit code: the most severe
// is the one that most needs a person. 8 and 5 first (something may have
// happened that the script does not know of), then a bug, a reply that
// cannot be trusted, credentials, a quota, a refusal, bad input.
var severity = map[int]int{
	failure.ExitActDoneOutputFailed: 9,
	failure.ExitNetwork:             8,
	failure.ExitUnexpected:          7,
	failure.ExitVerification:        6,
	failure.ExitAuth:                5,
	failure.ExitRateLimit:           4,
	failure.ExitRefused:             3,
	failure.ExitUsage:               2,
	failure.ExitOK:                  0,
}

// Severity is the rank of an exit code in the batch exit rule.
func Severity(code int) int { return severity[code] }

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
	// copies are the recent lines' content hashes, with --resume (copies.go).
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
	if o.Resume && o.Journal != nil {
		e.copies = newCopies()
	}
	e.sum.ByOutcome = map[string]int{}
	e.stopped.Store("")
	e.notUTF8Seq.Store(-1)
	var cancelStop context.CancelCauseFunc
	e.stopCtx, cancelStop = context.WithCancelCause(context.Background())
	e.stop = cancelStop
	runCtx, cancelRun := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRun()
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
				cancelRun()
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
		readErr <- read(o.In, o.Format, headerColumns(o.Adapter), func(rec *Record) bool {
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
