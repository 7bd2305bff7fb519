package batch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"golang.org/x/time/rate"
)

func (e *engine) echo(rec *Record) map[string]string {
	a := e.o.Adapter
	if rec.Fields == nil || (len(a.Echo) == 0 && a.EchoFrom == nil) {
		return nil
	}
	var m map[string]string
	for _, names := range a.Echo {
		if v := rec.Str(names...); v != "" {
			if m == nil {
				m = map[string]string{}
			}
			m[names[0]] = v
		}
	}
	if a.EchoFrom != nil {
		for k, v := range a.EchoFrom(rec.Fields) {
			if m == nil {
				m = map[string]string{}
			}
			if _, taken := m[k]; !taken {
				m[k] = v
			}
		}
	}
	return m
}

// errorLine fills l with err, the outcome of the line read as rec. A
// field error names the CSV column that gave the field when the header
// wrote it otherwise (`vin (column "VIN码")`).
func errorLine(l *Line, err error, rec *Record) *Line {
	kind := failure.KindOf(err)
	l.Outcome, l.ExitCode = kind.String(), kind.ExitCode()
	l.Message = err.Error()
	var fe *failure.Error
	if errors.As(err, &fe) {
		l.Code, l.Hint, l.Unknown = fe.Code, fe.Hint, fe.Unknown
		if fe.Message != "" {
			l.Message = fe.Message
		}
		for _, f := range fe.Fields {
			f.Field = rec.Named(f.Field)
			l.Message += "; " + f.String()
		}
	}
	// A line refused before sending names its line, as the engine's own
	// refusals do ("line 3: ..."), and says how to go on.
	if kind == failure.Usage && !strings.HasPrefix(l.Message, "line ") {
		l.Message = fmt.Sprintf("line %d: %s", l.Line, l.Message)
		if l.Hint == "" && fe != nil && len(fe.Fields) > 0 {
			l.Hint = fmt.Sprintf("correct line %d, then run the same command with --resume: the lines already done are not sent again", l.Line)
		}
	}
	return l
}

func (e *engine) process(rec *Record) (l *Line) {
	if rec.copy != nil {
		defer func() {
			rec.copy.actedBy = e.actedBy(rec, l)
			close(rec.copy.done)
		}()
	}
	if rec.prevCopy != nil {
		// The copy before it first (copies): a signal does not wait.
		select {
		case <-rec.prevCopy.done:
		case <-e.runCtx.Done():
		case <-e.stopCtx.Done():
		}
	}
	a := e.o.Adapter
	l = &Line{Line: rec.Line, seq: rec.Seq}
	if rec.Blank {
		// Every input line gets its output line, a blank one too, so a
		// script can pair them by count as well as by number.
		l.Outcome, l.Message = OutcomeBlank, "a blank line: nothing to send"
		return l
	}
	if rec.Err != nil {
		return errorLine(l, rec.Err, rec)
	}
	l.Input = e.echo(rec)
	if rec.prepErr != nil {
		return errorLine(l, rec.prepErr, rec)
	}
	if e.stopCtx.Err() != nil || e.afterNotUTF8(rec) {
		return e.notSentNow(rec, l)
	}
	if err := e.repeatedAct(rec); err != nil {
		return errorLine(l, err, rec)
	}
	ctx := e.runCtx
	prev, err := e.earlierRun(ctx, rec)
	if err != nil {
		return errorLine(l, err, rec)
	}
	if prev != nil {
		switch {
		case prev.Outcome == OutcomeOK:
			return skipped(l, prev)
		case a.Act && prev.Outcome == outcomeInFlight && prev.SenderPID != 0:
			return sentElsewhere(l, prev)
		case a.Act && (prev.Outcome == outcomeInFlight || prev.Outcome == OutcomeUnknown):
			if a.Resolve == nil {
				l.Outcome, l.ExitCode, l.Unknown = OutcomeUnknown, unknownExit(prev), true
				l.Message = "an earlier run sent this line and its outcome is unknown; not sent again"
				if a.CheckHint != nil {
					l.Hint = a.CheckHint(rec)
				}
				return l
			}
			res, found, err := a.Resolve(ctx, rec)
			switch {
			case err != nil:
				errorLine(l, err, rec)
				e.cutShort(l, err)
				l.Outcome, l.ExitCode, l.Unknown = OutcomeUnknown, unknownExit(prev), true
				l.Message = "an earlier run sent this line and its outcome is still unknown (the look-up did not settle it: " + l.Message + "); not sent again"
				if a.CheckHint != nil {
					l.Hint = a.CheckHint(rec)
				}
				return l
			case found:
				l.Outcome, l.Result = OutcomeOK, res
				l.Message = "sent by an earlier run: found by looking it up"
				e.record(rec, l)
				return l
			}
			// Not found: safe to send again (an act with a fixed id).
		}
	}
	if e.stopCtx.Err() != nil {
		return e.notAttempted(l)
	}
	if a.Act && e.o.Journal != nil {
		if err := e.o.Journal.PutBatchLine(ctx, a.Command, e.o.Profile, rec.Hash, Entry{Line: rec.Line, Outcome: outcomeInFlight, Sending: true}); err != nil {
			return errorLine(l, notRecorded(err), rec)
		}
	}
	// The line waits for its turn (--rate, the daily quota) when it
	// first sends, inside Run: a line its own checks refuse sends
	// nothing, so it neither waits nor spends the quota.
	if len(e.o.Limiters) > 0 {
		ctx = httpx.WithSendGate(ctx, sync.OnceValue(func() error { return e.admit(l.Line) }))
	}
	res, err := a.Run(ctx, rec)
	l.Warnings = rec.Warnings
	if errors.Is(err, errStoppedWaiting) {
		// Stopped while it waited: nothing was sent. Recorded as such
		// over an act's in-flight entry, so --resume sends it.
		l = e.notAttempted(l)
		e.record(rec, l)
		return l
	}
	if err != nil {
		errorLine(l, err, rec)
		e.cutShort(l, err)
		if l.ExitCode == failure.ExitRateLimit {
			e.halt("quota", ErrQuota)
		}
		if l.Unknown {
			l.Outcome = OutcomeUnknown
		}
	} else {
		l.Outcome, l.Result = OutcomeOK, res
	}
	e.record(rec, l)
	return l
}

// notRecorded is the error of an act not sent because its in-flight entry
// could not be committed (a full or read-only disk, a store another
// process kept busy). The store's own explanation (pkg/store: the file,
// what is wrong, what to do) is kept, hint included: wrapped as it was,
// the line's message became the store's alone and lost "nothing was
// sent", or was SQLite's bare text ("database or disk is full (13)")
// with no hint at all.
func notRecorded(err error) error {
	why, hint := err.Error(), "make the local store writable, then run the same command again with --resume: the lines already done are not sent again"
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Hint != "" {
		hint = fe.Hint
	}
	return &failure.Error{Kind: failure.Unexpected, Err: err, Hint: hint,
		Message: "not sent: recording the line in the local store before sending it failed: " + why}
}

// earlierRun is what an earlier run of this batch recorded for rec's
// line: nil without --resume, when nothing was recorded, and for a later
// copy of a line in this input, which is handled as without --resume
// (the earlier run's record is the first copy's: copies.go).
func (e *engine) earlierRun(ctx context.Context, rec *Record) (*Entry, error) {
	if !e.o.Resume || e.o.Journal == nil || rec.laterCopy {
		return nil, nil
	}
	prev, err := e.o.Journal.GetBatchLine(ctx, e.o.Adapter.Command, e.o.Profile, rec.Hash)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.SenderPID == 0 && !prev.UpdatedAt.IsZero() && !prev.UpdatedAt.Before(e.started) {
		// Written by this run, for an identical line farther back in
		// the input than copies remembers: not an earlier run's. This
		// line is sent as it would be without --resume (an act with the
		// same derived id is then refused as a repeat), not reported as
		// an earlier run's unknown outcome.
		return nil, nil
	}
	return prev, nil
}

// unknownExit is the exit code of a line whose act an earlier run left
// unknown: the code that run gave it (6 for an answer that did not
// verify, 5 for a lost one), so the same line does not change its code
// from one run to the next; 5 for a line left in flight.
func unknownExit(prev *Entry) int {
	if prev.ExitCode > 0 {
		return prev.ExitCode
	}
	return failure.ExitNetwork
}

// sentElsewhere is a line another insure process, still running, is
// sending now (the same batch started twice): neither looked up, which
// could answer before that request lands, nor sent again. Its outcome is
// that process's to tell.
func sentElsewhere(l *Line, prev *Entry) *Line {
	l.Outcome, l.ExitCode, l.Unknown = OutcomeUnknown, failure.ExitNetwork, true
	l.Message = fmt.Sprintf("another insure process (pid %d), still running, is sending this line (its line %d) now; not looked up or sent again here", prev.SenderPID, prev.Line)
	l.Hint = fmt.Sprintf("that process's own output gives this line's outcome; once it has ended, run this command again with --resume to settle it here (ps -p %d shows whether it still runs)", prev.SenderPID)
	return l
}

func skipped(l *Line, prev *Entry) *Line {
	l.Outcome, l.Result = OutcomeSkipped, prev.Result
	l.Message = fmt.Sprintf("done in an earlier run (line %d); not sent again", prev.Line)
	return l
}

// notSentNow writes a line that is not sent because sending stopped (a
// signal, a quota answer, a line that is not UTF-8). What an earlier run
// did to it (--resume) still holds and costs no request to tell, so it is
// said: a line done is skipped with its result, and an act whose outcome
// is unknown stays unknown, with the hint that settles it (not looked up
// now: a look-up is a request, and sending stopped). Written as not
// attempted, such lines read as never sent: the lines done lost their
// results from the output, and an act that may have gone through lost its
// hint.
func (e *engine) notSentNow(rec *Record, l *Line) *Line {
	// A local read: it is made even once the grace period is over.
	prev, err := e.earlierRun(context.WithoutCancel(e.runCtx), rec)
	if err != nil || prev == nil {
		return e.notAttempted(l)
	}
	a := e.o.Adapter
	switch {
	case prev.Outcome == OutcomeOK:
		return skipped(l, prev)
	case a.Act && prev.Outcome == outcomeInFlight && prev.SenderPID != 0:
		return sentElsewhere(l, prev)
	case a.Act && (prev.Outcome == outcomeInFlight || prev.Outcome == OutcomeUnknown):
		l.Outcome, l.ExitCode, l.Unknown = OutcomeUnknown, unknownExit(prev), true
		l.Message = "an earlier run sent this line and its outcome is unknown; it was neither looked up nor sent again, as the batch stopped first"
		if a.CheckHint != nil {
			l.Hint = a.CheckHint(rec)
		}
		return l
	}
	return e.notAttempted(l)
}

func (e *engine) record(rec *Record, l *Line) {
	if e.o.Journal == nil {
		return
	}
	ent := Entry{Line: rec.Line, Outcome: l.Outcome, ExitCode: l.ExitCode}
	if l.Outcome == OutcomeOK {
		// Kept masked whatever this run printed: --show-secrets is for
		// this invocation's output, and --resume prints the result again
		// in a later one (every secret this process sent or was sent,
		// such as a Paoding token or the Bihu page link's, is known).
		ent.Result, _ = httpx.MaskKnownBytes(l.Result)
	}
	_ = e.o.Journal.FinishBatchLine(context.WithoutCancel(e.runCtx), e.o.Adapter.Command, e.o.Profile, rec.Hash, ent)
}

func (e *engine) notAttempted(l *Line) *Line {
	l.Outcome = OutcomeNotAttempted
	// The exit code is why the batch stopped, never 0: a script that
	// keeps the lines with exit_code 0 as done (or retries the others)
	// must not take a line that was never sent for a success.
	why, _ := e.stopped.Load().(string)
	switch why {
	case "quota":
		l.Message = "not sent: the batch stopped after a quota or rate-limit answer"
		l.ExitCode = failure.ExitRateLimit
	case "interrupted":
		l.Message = "not sent: the batch was interrupted" + interruptedBy(context.Cause(e.stopCtx))
		l.ExitCode = failure.ExitInterrupted
		var signal interface{ ExitCode() int }
		if errors.As(context.Cause(e.stopCtx), &signal) {
			l.ExitCode = signal.ExitCode() // 143 for SIGTERM, as the process exits
		}
	case StoppedNotUTF8:
		l.Message = fmt.Sprintf("not sent: the batch stopped at line %d, which is not UTF-8 text; convert the input and run it again with --resume", e.notUTF8Line)
		l.ExitCode = failure.ExitUsage
	default:
		l.Message = "not sent"
		l.ExitCode = failure.ExitUnexpected
	}
	return l
}

// longWait is how long a rate limit may hold a line back before the batch
// says so: a daily quota spent refills one call every few seconds (Paoding
// report.get: 4.3 s), and a batch that prints nothing for that long looks
// stuck. waitNoteEvery spaces the notices out.
var (
	longWait      = 2 * time.Second // a var for the tests
	waitNoteEvery = time.Minute
)

// errStoppedWaiting is the send gate's answer to a line the batch
// stopped for (a signal, a quota answer) while it waited for its turn.
var errStoppedWaiting = fmt.Errorf("the batch stopped before this line's turn: %w", httpx.ErrNotAdmitted)

// admit waits for line's turn under every limiter.
func (e *engine) admit(line int) error {
	for _, lim := range e.o.Limiters {
		if !e.waitFor(lim, line) {
			return errStoppedWaiting
		}
	}
	if e.stopCtx.Err() != nil {
		return errStoppedWaiting
	}
	return nil
}

// waitFor waits until lim lets line go, as rate.Limiter.Wait does, and
// tells Notices when the wait is long; false when sending stopped first.
func (e *engine) waitFor(lim *rate.Limiter, line int) bool {
	r := lim.Reserve()
	if !r.OK() {
		return false
	}
	d := r.Delay()
	if d <= 0 {
		return true
	}
	if d >= longWait && e.o.Notices != nil {
		e.mu.Lock()
		if time.Since(e.lastWaitNote) >= waitNoteEvery {
			e.lastWaitNote = time.Now()
			every := time.Duration(float64(time.Second) / float64(lim.Limit())).Round(100 * time.Millisecond)
			fmt.Fprintf(e.o.Notices, "batch: line %d waits %s for the rate limit (one call every %s: --rate, or the provider's daily quota once a day's calls are spent); the batch goes on\n",
				line, d.Round(100*time.Millisecond), every)
		}
		e.mu.Unlock()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-e.stopCtx.Done():
		r.Cancel()
		return false
	}
}

// StoppedNotUTF8 is Summary.Stopped after a line that was not UTF-8.
const StoppedNotUTF8 = "not_utf8"

// stopAtNotUTF8 is called for each line in input order, before it is
// handed on: at the first line that is not UTF-8 text (a GBK export read
// from a pipe, which cannot be checked whole before sending, as a file
// is) no later line is sent. Its other lines may be GBK too, and sending
// only those that happen to be ASCII left half a batch done and the rest
// to sort out by hand. The lines before it, already on their way, are
// sent: stopping those would depend on timing.
func (e *engine) stopAtNotUTF8(rec *Record) {
	if errors.Is(rec.Err, ErrNotUTF8) && e.notUTF8Seq.Load() < 0 {
		e.notUTF8Line = rec.Line
		var ee *EncodingError
		if errors.As(rec.Err, &ee) {
			e.notUTF8Encoding = ee.Encoding
		}
		e.notUTF8Seq.Store(int64(rec.Seq))
		e.stopped.CompareAndSwap("", StoppedNotUTF8)
	}
}

// afterNotUTF8 says rec comes after the first line that is not UTF-8.
func (e *engine) afterNotUTF8(rec *Record) bool {
	at := e.notUTF8Seq.Load()
	return at >= 0 && int64(rec.Seq) > at
}
