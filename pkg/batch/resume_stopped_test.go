package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// A resumed batch interrupted before it reached the lines an earlier run
// did still says what that run did to them: a line done is skipped with
// its result, and an act left unknown stays unknown with the hint that
// settles it. Neither is sent or looked up. Only a line that nothing
// settled is not attempted. (They were all "not attempted, not sent":
// the results of the lines done went missing from the output, and an act
// that may have gone through lost its hint.)
func TestInterruptedResumeStillReportsWhatAnEarlierRunDid(t *testing.T) {
	done, unknown, inFlight, fresh := `{"id":"done"}`, `{"id":"unknown"}`, `{"id":"in-flight"}`, `{"id":"fresh"}`
	earlier := time.Now().Add(-time.Hour)
	j := &memJournal{m: map[string]Entry{
		Hash([]byte(done)):     {Line: 7, Outcome: OutcomeOK, Result: json.RawMessage(`{"policyNumber":"P1"}`), UpdatedAt: earlier},
		Hash([]byte(unknown)):  {Line: 8, Outcome: OutcomeUnknown, ExitCode: failure.ExitNetwork, UpdatedAt: earlier},
		Hash([]byte(inFlight)): {Line: 9, Outcome: outcomeInFlight, UpdatedAt: earlier},
	}}
	ctx, cancel := context.WithCancelCause(t.Context())
	in := `{"id":"first"}` + "\n" + done + "\n" + unknown + "\n" + inFlight + "\n" + fresh + "\n"
	var sent, resolved []int
	var out bytes.Buffer
	sum, err := Run(ctx, Options{In: strings.NewReader(in), Format: FormatJSONL, Concurrency: 1, Out: &out, Finite: true,
		Journal: j, Resume: true,
		Adapter: Adapter{Command: "test", Act: true,
			Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
				sent = append(sent, rec.Line)
				cancel(errors.New("SIGINT")) // Ctrl-C while the first line is in flight
				// The engine stops sending on its own goroutine; the
				// next line is taken once this one returns.
				time.Sleep(50 * time.Millisecond)
				return json.RawMessage(`{}`), nil
			},
			Resolve: func(ctx context.Context, rec *Record) (json.RawMessage, bool, error) {
				resolved = append(resolved, rec.Line)
				return nil, false, nil
			},
			CheckHint: func(rec *Record) string { return fmt.Sprintf("check line %d by hand", rec.Line) },
		}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 5 || fmt.Sprint(sent) != "[1]" || len(resolved) != 0 {
		t.Fatalf("%d lines, sent %v, looked up %v\n%s", len(got), sent, resolved, out.String())
	}
	if l := got[1]; l.Outcome != OutcomeSkipped || l.ExitCode != 0 || string(l.Result) != `{"policyNumber":"P1"}` {
		t.Errorf("the line done before: %+v, want skipped with its result", l)
	}
	for _, l := range got[2:4] {
		if l.Outcome != OutcomeUnknown || l.ExitCode != failure.ExitNetwork || !l.Unknown || l.Hint != fmt.Sprintf("check line %d by hand", l.Line) {
			t.Errorf("the act an earlier run left unknown: %+v, want unknown with its hint", l)
		}
	}
	if l := got[4]; l.Outcome != OutcomeNotAttempted || l.ExitCode != failure.ExitInterrupted {
		t.Errorf("the line never sent: %+v, want not_attempted, 130", l)
	}
	if sum.ByOutcome[OutcomeSkipped] != 1 || sum.ByOutcome[OutcomeNotAttempted] != 1 {
		t.Errorf("summary %+v", sum.ByOutcome)
	}
}
