package batchcmd

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
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
