package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/time/rate"
)

// A line its own checks refuse (a bad plate, a bad VIN) sends nothing, so
// it does not wait for a turn under --rate or spend the daily quota: a
// file of bad rows at --rate 2 slept half a second for each before saying
// what was wrong. Here one turn an hour: the refused lines would each
// have waited an hour; the good line after them takes the one turn there
// is and is sent.
func TestARefusedLineDoesNotWaitForItsTurn(t *testing.T) {
	var got atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { got.Add(1); _, _ = w.Write([]byte(`{}`)) }))
	defer srv.Close()
	send := sendTo(srv)
	var out bytes.Buffer
	type ran struct {
		sum *Summary
		err error
	}
	done := make(chan ran, 1)
	go func() {
		sum, err := Run(t.Context(), Options{In: strings.NewReader("{\"id\":\"bad1\"}\n{\"id\":\"bad2\"}\n{\"id\":\"bad3\"}\n{\"id\":\"good\"}\n"),
			Format: FormatJSONL, Concurrency: 1, Out: &out, Limiters: []*rate.Limiter{rate.NewLimiter(rate.Every(time.Hour), 1)},
			Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
				if strings.HasPrefix(rec.Str("id"), "bad") {
					return nil, failure.New(failure.Usage, "test", "call", "id: not a good id; nothing was sent")
				}
				return send(ctx, rec)
			}}})
		done <- ran{sum, err}
	}()
	var sum *Summary
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		sum = r.sum
	case <-time.After(30 * time.Second):
		t.Fatal("the refused lines waited for the rate limit (one turn an hour)")
	}
	l := lines(t, out.String())
	if len(l) != 4 || l[0].ExitCode != 2 || l[2].ExitCode != 2 || l[3].Outcome != OutcomeOK || got.Load() != 1 || sum.ByOutcome[OutcomeOK] != 1 {
		t.Fatalf("server saw %d; %+v\n%s", got.Load(), sum, out.String())
	}
}

// Ctrl-C while a line waits for its turn: the line sent nothing and says
// so (not attempted), and an act's entry in the resume table is that,
// not "in flight", so --resume sends it instead of looking it up as an
// unknown outcome.
func TestALineStoppedWhileWaitingForItsTurnIsNotAttempted(t *testing.T) {
	var got atomic.Int32
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		got.Add(1)
		_, _ = w.Write([]byte(`{}`))
		go func() {
			time.Sleep(100 * time.Millisecond) // line b is waiting for its turn
			cancel(errors.New("SIGINT"))
		}()
	}))
	defer srv.Close()
	send := sendTo(srv)
	j := &memJournal{m: map[string]Entry{}}
	var out bytes.Buffer
	sum, err := Run(ctx, Options{In: strings.NewReader("{\"id\":\"a\"}\n{\"id\":\"b\"}\n"),
		Format: FormatJSONL, Concurrency: 1, Out: &out, Journal: j, Grace: 10 * time.Second,
		Limiters: []*rate.Limiter{rate.NewLimiter(rate.Every(time.Hour), 1)},
		Adapter:  Adapter{Command: "test", Act: true, Run: send}})
	if err != nil {
		t.Fatal(err)
	}
	l := lines(t, out.String())
	if len(l) != 2 || l[0].Outcome != OutcomeOK || l[1].Outcome != OutcomeNotAttempted || got.Load() != 1 || sum.Stopped != "interrupted" {
		t.Fatalf("server saw %d; %+v\n%s", got.Load(), sum, out.String())
	}
	if e := j.m[Hash([]byte(`{"id":"b"}`))]; e.Outcome != OutcomeNotAttempted {
		t.Errorf("line b's resume entry is %q, want %q", e.Outcome, OutcomeNotAttempted)
	}
}
