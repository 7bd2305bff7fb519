package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/time/rate"
)

// Ctrl-C while the batch waits for the next line of a stdin that stays
// open (a terminal being typed at, `tail -f |`) ends the batch at once
// when no line is in flight: there is nothing left to finish, so waiting
// out the grace period (--timeout, 30 s by default) only looked like a hang.
func TestInterruptWhileWaitingForInputEndsWithoutTheGrace(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.WriteString(pw, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n")
		// The writer stays open: the input never ends.
	}()
	ctx, cancel := context.WithCancelCause(t.Context())
	go func() {
		<-done
		<-done
		time.Sleep(50 * time.Millisecond) // both lines written; the batch waits for a third
		cancel(errors.New("SIGINT"))
	}()
	var out bytes.Buffer
	start := time.Now()
	sum, err := Run(ctx, Options{In: pr, Format: FormatJSONL, Out: &out, Grace: 30 * time.Second,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			done <- struct{}{}
			return nil, nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("the batch took %s to end after Ctrl-C with nothing in flight", took)
	}
	got := lines(t, out.String())
	if len(got) != 2 || sum.ByOutcome[OutcomeOK] != 2 || sum.Stopped != "interrupted" || !sum.InputIncomplete {
		t.Fatalf("%+v\n%s", sum, out.String())
	}
}

// Lines that are still coming after Ctrl-C (a file, a pipe being filled)
// are read to the end and written as not attempted, however long that
// takes, so that output and input still pair up line for line.
func TestInterruptReadsARemainingFileToItsEnd(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancelCause(t.Context())
	go func() {
		_, _ = io.WriteString(pw, "{\"id\":\"a\"}\n")
		cancel(errors.New("SIGINT"))
		// The rest arrives slowly, but it keeps arriving.
		for range 5 {
			time.Sleep(300 * time.Millisecond)
			_, _ = io.WriteString(pw, "{\"id\":\"late\"}\n")
		}
		pw.Close()
	}()
	var out bytes.Buffer
	sum, err := Run(ctx, Options{In: pr, Format: FormatJSONL, Out: &out, Grace: 30 * time.Second,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) { return nil, nil }}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 6 || sum.InputIncomplete {
		t.Fatalf("%d lines, %+v\n%s", len(got), sum, out.String())
	}
	// Not attempted is not done: exit_code 130, as the process exits
	// after Ctrl-C, never 0; and they do not make the batch's own code.
	for _, l := range got[1:] {
		if l.Outcome != OutcomeNotAttempted || l.ExitCode != failure.ExitInterrupted {
			t.Fatalf("line %d: %s, exit_code %d; want not_attempted, 130", l.Line, l.Outcome, l.ExitCode)
		}
	}
	if sum.ExitCode != 0 {
		t.Fatalf("the lines not attempted made the batch's code %d", sum.ExitCode)
	}
}

// After SIGTERM a line not attempted carries 143, the code the process
// exits with, taken from the signal that stopped the batch.
func TestNotAttemptedAfterSIGTERMCarries143(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	var out bytes.Buffer
	_, err := Run(ctx, Options{In: strings.NewReader(jsonl(10)), Format: FormatJSONL, Out: &out, Concurrency: 1, Finite: true,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			cancel(exitCoded(failure.ExitTerminated))
			return json.RawMessage(`{}`), nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	notAttempted := 0
	for _, l := range got {
		if l.Outcome == OutcomeNotAttempted {
			notAttempted++
			if l.ExitCode != failure.ExitTerminated {
				t.Fatalf("line %d not attempted with exit_code %d, want 143", l.Line, l.ExitCode)
			}
		}
	}
	if len(got) != 10 || notAttempted == 0 {
		t.Fatalf("%+v", got)
	}
}

// exitCoded is a signal's cause as cmdutil.Interrupted gives it.
type exitCoded int

func (c exitCoded) Error() string { return "terminated" }
func (c exitCoded) ExitCode() int { return int(c) }

// A file's lines all get their output line after a signal, even when
// the requests in flight outlast the grace period: the line read while
// every worker was busy, and the lines after it, are written as not
// attempted. (They were dropped: the dispatcher gave up the line it held
// and stopped reading the file when the grace period ended.)
func TestInterruptPastTheGraceStillWritesEveryLineOfAFile(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	started := make(chan struct{})
	var out bytes.Buffer
	sum, err := Run(ctx, Options{In: strings.NewReader(jsonl(3)), Format: FormatJSONL, Out: &out,
		Concurrency: 1, Grace: time.Millisecond, Finite: true,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			if rec.Line == 1 {
				close(started)
				cancel(errors.New("SIGINT"))
				<-ctx.Done() // an answer that never comes: cut at the grace's end
				return nil, ctx.Err()
			}
			return json.RawMessage(`{}`), nil
		}}})
	<-started
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 3 || sum.Total != 3 || sum.InputIncomplete {
		t.Fatalf("3 input lines, %d output lines: %+v\n%s", len(got), sum, out.String())
	}
	// The summary must not say the request cut off was finished.
	if !sum.Abandoned {
		t.Errorf("a request cut off at the grace's end is not reported abandoned: %+v", sum)
	}
	for i, l := range got {
		if l.Line != i+1 {
			t.Fatalf("line %d out of order: %s", l.Line, out.String())
		}
		if i > 0 && l.Outcome != OutcomeNotAttempted {
			t.Fatalf("line %d: %s, want %s", l.Line, l.Outcome, OutcomeNotAttempted)
		}
	}
}

// A quota answer stops sending as a signal does, and a stdin that stays
// open (`tail -f |`, a producer that waits) no longer holds the batch:
// it ended only when the input did, sending nothing in the meantime.
func TestQuotaStopDoesNotWaitForAnInputThatStaysOpen(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		_, _ = io.WriteString(pw, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n")
		// The writer stays open: the input never ends.
	}()
	var out bytes.Buffer
	start := time.Now()
	sum, err := Run(t.Context(), Options{In: pr, Format: FormatJSONL, Out: &out, Grace: 30 * time.Second, Concurrency: 1,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			return nil, &failure.Error{Kind: failure.RateLimit, Code: "10040", Message: "quota"}
		}}})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("the batch took %s to end after a quota answer", took)
	}
	got := lines(t, out.String())
	if len(got) != 3 || sum.ByOutcome["rate_limit"] != 1 || sum.ByOutcome[OutcomeNotAttempted] != 2 || sum.Stopped != "quota" || !sum.InputIncomplete {
		t.Fatalf("%+v\n%s", sum, out.String())
	}
}

// A rate limit that holds lines back for seconds (a spent daily quota
// refills one call every 4.3 s) is said on stderr, once a minute at most:
// a batch that printed nothing for that long looked stuck.
func TestALongRateLimitWaitIsSaid(t *testing.T) {
	defer func(d time.Duration) { longWait = d }(longWait)
	longWait = 50 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{}`)) }))
	defer srv.Close()
	var out, notices bytes.Buffer
	sum, err := Run(t.Context(), Options{In: strings.NewReader("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n"), Format: FormatJSONL,
		Out: &out, Notices: &notices, Concurrency: 1, Limiters: []*rate.Limiter{rate.NewLimiter(rate.Every(200*time.Millisecond), 1)},
		Adapter: Adapter{Run: sendTo(srv)}})
	if err != nil || sum.ByOutcome[OutcomeOK] != 3 {
		t.Fatalf("%v %+v", err, sum)
	}
	if n := strings.Count(notices.String(), "waits"); n != 1 || !strings.Contains(notices.String(), "batch: line 2 waits") || !strings.Contains(notices.String(), "one call every 200ms") {
		t.Errorf("%d notices:\n%s", n, notices.String())
	}
}
