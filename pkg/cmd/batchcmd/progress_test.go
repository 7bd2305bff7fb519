package batchcmd

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/batch"
)

// No drawing of the bar counts more errors than lines done: the error
// count was updated (and the bar drawn) before the line was added, so
// the bar read "errors 28 … (27/60)".
func TestTheBarNeverShowsMoreErrorsThanLinesDone(t *testing.T) {
	var w bytes.Buffer
	p := newBar(&w, 3)
	for _, o := range []string{"refused", batch.OutcomeOK, "network"} {
		p.Done(o)
	}
	p.Finish()
	frame := regexp.MustCompile(`errors (\d+)\s.*\((\d+)/3`)
	n := 0
	for _, f := range strings.Split(w.String(), "\r") {
		m := frame.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		n++
		errs, _ := strconv.Atoi(m[1])
		done, _ := strconv.Atoi(m[2])
		if errs > done {
			t.Fatalf("the bar shows %d errors for %d lines done: %q", errs, done, f)
		}
	}
	if n == 0 || !strings.Contains(w.String(), "errors 2") {
		t.Fatalf("no frame with the final count: %q", w.String())
	}
}

// The rate is of the time since the batch started: the first line's
// drawing showed one line over the microseconds the drawing took
// ("(1/2, 126839 lines/s)" for a batch sent at --rate 5/s).
func TestTheBarsFirstRateIsOfTheTimeSinceTheStart(t *testing.T) {
	var w bytes.Buffer
	p := newBar(&w, 2)
	time.Sleep(100 * time.Millisecond)
	p.Done(batch.OutcomeOK)
	m := regexp.MustCompile(`\(1/2, (\d+) lines/s\)`).FindStringSubmatch(w.String())
	if m == nil {
		t.Fatalf("no frame for the first line: %q", w.String())
	}
	if rate, _ := strconv.Atoi(m[1]); rate > 10 {
		t.Fatalf("first rate %d lines/s for one line after 100ms: %q", rate, w.String())
	}
}

// The bar's last drawing after a line is that line's: the error count was
// set after the line was added, and the bar's throttle dropped that
// drawing, so a batch whose lines come slowly (typed, or at --rate 1/s)
// showed "errors 0 (1/3)" after a refused line until the next line came.
// Lines done within the throttle's interval are drawn once it has passed,
// not only when another line comes.
func TestTheBarsLastDrawingIsOfTheLastLine(t *testing.T) {
	var w syncBuffer
	p := newBar(&w, 3)
	last := func() string {
		frames := strings.Split(w.String(), "\r")
		for i := len(frames) - 1; i >= 0; i-- {
			if strings.Contains(frames[i], "errors") {
				return frames[i]
			}
		}
		return ""
	}
	p.Done("refused")
	if f := last(); !strings.Contains(f, "errors 1 ") || !strings.Contains(f, "(1/3") {
		t.Fatalf("after a refused line the bar reads %q", f)
	}
	p.Done(batch.OutcomeOK)
	p.Done("network") // within the throttle's interval of the line before
	time.Sleep(300 * time.Millisecond)
	if f := last(); !strings.Contains(f, "errors 2 ") || !strings.Contains(f, "(3/3") {
		t.Fatalf("after three lines, two failed, the bar reads %q", f)
	}
	p.Finish()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The bar is taken off the terminal when the batch ends: left there, it
// sat between the last result and the summary when stdout was the same
// terminal, and ran into what jq printed next (`| jq -c`).
func TestTheBarIsTakenAwayAtTheEnd(t *testing.T) {
	var w bytes.Buffer
	p := newBar(&w, 2)
	p.Done(batch.OutcomeOK)
	p.Done("refused")
	p.Finish()
	frames := strings.Split(w.String(), "\r")
	if last := frames[len(frames)-1]; strings.TrimSpace(last) != "" || strings.HasSuffix(w.String(), "\n") {
		t.Fatalf("the bar is still on the line after the batch: %q", w.String())
	}
}
