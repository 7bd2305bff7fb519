package batch

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
)

// write prints results, in input order unless Unordered, releasing a
// window slot per line written.
func (e *engine) write(results <-chan *Line, slots <-chan struct{}) error {
	var werr error
	// One encoder, writing each line as it is encoded; & < > stay as
	// they are (page links, signed URLs), as in every other JSON insure
	// prints.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// actsUnprinted counts the lines whose act went through (or may
	// have) and whose result was never printed.
	actsUnprinted := 0
	emit := func(l *Line) {
		<-slots
		e.count(l)
		if werr == nil {
			buf.Reset()
			err := enc.Encode(l)
			if err == nil {
				_, err = e.o.Out.Write(buf.Bytes())
			}
			if err != nil {
				werr = &failure.Error{Kind: failure.Unexpected, Message: "writing the batch output: " + err.Error(), Err: err}
				e.halt("output", werr)
			}
		}
		if werr != nil && e.o.Adapter.Act && (l.Outcome == OutcomeOK || l.Outcome == OutcomeUnknown) {
			actsUnprinted++
		}
	}
	pending := map[int]*Line{}
	next := 0
	for l := range results {
		if e.o.Unordered {
			emit(l)
			continue
		}
		pending[l.seq] = l
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			emit(p)
		}
	}
	if fe, ok := werr.(*failure.Error); ok && actsUnprinted > 0 {
		// As for a single purchase or issuance whose result could not be
		// printed: the script must not send these lines again by hand.
		fe.Kind = failure.ActDoneOutputFailed
		fe.Message += fmt.Sprintf("; %d line(s) whose act went through, or may have, were not printed", actsUnprinted)
		fe.Hint = "do not send those lines again by hand: run the batch again with --resume, which prints them as skipped with their results and sends only what was not attempted"
	}
	return werr
}

func (e *engine) count(l *Line) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sum.Total++
	e.sum.ByOutcome[l.Outcome]++
	if l.Outcome == OutcomeNotAttempted && (e.firstNA == 0 || l.Line < e.firstNA) {
		e.firstNA = l.Line
	}
	// A line not attempted carries why the batch stopped; the line that
	// stopped it counts, not the lines after it.
	if l.Outcome != OutcomeNotAttempted && Severity(l.ExitCode) > Severity(e.sum.ExitCode) {
		e.sum.ExitCode = l.ExitCode
	}
	if e.o.Progress != nil {
		e.o.Progress.Done(l.Outcome)
	}
}
