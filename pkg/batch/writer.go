package batch

import (
	"bytes"
	"encoding/json"

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
	emit := func(l *Line) {
		<-slots
		e.count(l)
		if werr != nil {
			return
		}
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
