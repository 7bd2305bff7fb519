package batchcmd

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

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
