package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// sigterm stands for cmdutil.Interrupted after SIGTERM: a cause whose
// ExitCode is the signal's.
type sigterm struct{}

func (sigterm) Error() string { return "cancelled: terminated (SIGTERM)" }
func (sigterm) ExitCode() int { return failure.ExitTerminated }

// A request still in flight when the grace period after SIGTERM ends is
// cancelled with the signal as its cause, as a single command's is: httpx
// then names the signal in its journal row. Its line keeps the outcome the
// request ended with and says the signal cut it short.
func TestRequestCutShortAfterGraceCarriesTheSignal(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	started := make(chan struct{})
	causes := make(chan error, 1)
	go func() {
		<-started
		cancel(sigterm{})
	}()
	var out bytes.Buffer
	sum, err := Run(ctx, Options{In: strings.NewReader("{\"id\":\"a\"}\n"), Format: FormatJSONL, Out: &out, Grace: 100 * time.Millisecond, Finite: true,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			close(started)
			<-ctx.Done()
			causes <- context.Cause(ctx)
			return nil, failure.NetworkError("ebao", "quotation", ctx.Err(), false)
		}}})
	if err != nil {
		t.Fatal(err)
	}
	var coded interface{ ExitCode() int }
	if cause := <-causes; !errors.As(cause, &coded) || coded.ExitCode() != failure.ExitTerminated {
		t.Errorf("the request's context was cancelled with %v, want the signal's cause (exit code 143)", cause)
	}
	got := lines(t, out.String())
	if len(got) != 1 || !sum.Abandoned {
		t.Fatalf("%+v\n%s", sum, out.String())
	}
	l := got[0]
	if l.Outcome != "network" || l.ExitCode != failure.ExitNetwork || !strings.Contains(l.Message, "interrupted by SIGTERM") {
		t.Errorf("line %+v: want outcome network, exit_code 5, a message naming SIGTERM", l)
	}
}

// A cancellation (eBao's) still in flight when the grace period after
// SIGTERM ends is abandoned: its line said "cancelled before the answer
// arrived", which on a cancel line read as "the policy was cancelled".
// It says the request was abandoned, the outcome unknown, and the signal.
func TestAbandonedCancellationDoesNotReadAsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	started := make(chan struct{})
	go func() {
		<-started
		cancel(sigterm{})
	}()
	var out bytes.Buffer
	_, err := Run(ctx, Options{In: strings.NewReader("policy_number\nP2612020000000016\n"), Format: FormatCSV, Out: &out, Grace: 100 * time.Millisecond, Finite: true,
		Adapter: Adapter{Act: true, Fields: []Field{{Names: []string{"policy_number"}}}, Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			close(started)
			<-ctx.Done()
			return nil, failure.NetworkError("ebao", "cancellation", ctx.Err(), true)
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 1 {
		t.Fatalf("%s", out.String())
	}
	l := got[0]
	if l.Outcome != OutcomeUnknown || strings.Contains(l.Message, "cancelled") ||
		!strings.HasPrefix(l.Message, "the request was abandoned before its answer arrived (the outcome is unknown") ||
		!strings.Contains(l.Message, "interrupted by SIGTERM") {
		t.Errorf("line %+v: want outcome unknown, the request abandoned (not cancelled), SIGTERM named", l)
	}
}
