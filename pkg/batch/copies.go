package batch

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// prepare readies a record for its worker. It runs in the dispatcher, one
// record at a time in input order, so what it registers does not depend
// on which worker gets to a line first.
func (e *engine) prepare(rec *Record) {
	rec.Source = e.o.Source
	if rec.Err != nil {
		e.explain(rec)
		return
	}
	if rec.Blank {
		return
	}
	if e.copies != nil && rec.Hash != "" {
		rec.copy = &copyState{line: rec.Line, done: make(chan struct{})}
		rec.laterCopy, rec.prevCopy = e.copies.see(rec.Hash, rec.Seq, rec.copy)
	}
	if a := e.o.Adapter; a.Prepare != nil {
		rec.prepErr = a.Prepare(rec)
	}
	rec.accepted = rec.prepErr == nil
}

// explain gives a line refused while it was read the hint the command's
// own fields make, where the reader could only guess them.
func (e *engine) explain(rec *Record) {
	var fe *failure.Error
	if len(e.o.Adapter.Fields) == 0 || !errors.As(rec.Err, &fe) {
		return
	}
	if rec.repeatedMember != "" {
		fe.Hint = "give each member once, e.g. " + exampleLine(false, e.o.Adapter.Fields)
		return
	}
	// A line too long, with data after its object, or CSV read as JSON
	// Lines showed vin-report's line to every command.
	fe.Hint = strings.NewReplacer(readerJSONExample, exampleLine(false, e.o.Adapter.Fields),
		readerCSVExample, exampleLine(true, e.o.Adapter.Fields)).Replace(fe.Hint)
}

// keepCopies is how many of the latest lines' contents a --resume run
// remembers: a line identical to one of them is a later copy, handled as
// without --resume. A copy farther than that from the one before it is
// taken for a first copy again (and skipped, when an earlier run did the
// line and this run's first copy was skipped too). 65,536 contents take
// about 6 MiB, whatever the input's length.
var keepCopies = 1 << 16 // a var for the tests

// copies remembers the content hashes of the latest keepCopies lines, in
// input order: with --resume, only the first copy of a line takes the
// earlier run's record of it. The record is found by the line's hash, so
// before, every copy found the same one: a repeated purchase line that
// the first run refused was skipped as done by the second.
//
// A later copy waits for the copy before it to be done: otherwise, at
// any concurrency above one, a later copy could finish first and write
// the line's record, and the first copy would take that for this run's
// own and send the line the earlier run had done.
type copies struct {
	newest map[copyKey]int // a content -> the Seq of its latest copy
	// done is that latest copy's state, its channel closed when it is done.
	done map[copyKey]*copyState
	ring []copyEntry // the latest keepCopies lines, oldest overwritten
	next int
}

// copyKey is half of a SHA-256: no two lines of an input collide.
type copyKey [16]byte

// copyState is one line's side of copies: a later copy of the line waits
// for done, then reads actedBy.
type copyState struct {
	line int
	done chan struct{}
	// actedBy is the line of this input whose act this line's content
	// may have made (this line, or an earlier copy; 0: none). It is set
	// before done is closed.
	actedBy int
}

type copyEntry struct {
	key  copyKey
	seq  int
	used bool
}

func newCopies() *copies {
	return &copies{newest: map[copyKey]int{}, done: map[copyKey]*copyState{}, ring: make([]copyEntry, keepCopies)}
}

// see registers the line seq of content hash, its state st, and says
// whether an earlier line of the input (within keepCopies lines) had the
// same content, and that line's state (nil when none).
func (c *copies) see(hash string, seq int, st *copyState) (repeat bool, after *copyState) {
	var k copyKey
	if _, err := hex.Decode(k[:], []byte(hash[:min(len(hash), 2*len(k))])); err != nil {
		return false, nil
	}
	_, repeat = c.newest[k]
	after = c.done[k]
	if old := c.ring[c.next]; old.used && c.newest[old.key] == old.seq {
		delete(c.newest, old.key)
		delete(c.done, old.key)
	}
	c.ring[c.next] = copyEntry{key: k, seq: seq, used: true}
	c.next = (c.next + 1) % len(c.ring)
	c.newest[k] = seq
	c.done[k] = st
	if !repeat {
		after = nil
	}
	return repeat, after
}

// refusesRepeats says the engine settles the identical lines of an act's
// input in input order (repeatedAct), unless the adapter settles repeats
// itself by more than a line's content (Adapter.SettlesRepeats).
func refusesRepeats(a Adapter) bool { return a.Act && !a.SettlesRepeats }

// repeatedAct refuses a later copy of an act's line whose earlier copy
// may have gone through. Identical lines used to be sent at once, side by
// side: two lines issuing one quotation (or cancelling one policy) raced,
// whichever came second was refused by eBao, and which one that was
// depended on timing, so line 1 could read "refused: already issued" for
// the policy line 3 issued, and the batch exited 4.
func (e *engine) repeatedAct(rec *Record) error {
	if !refusesRepeats(e.o.Adapter) || rec.prevCopy == nil {
		return nil
	}
	select {
	case <-rec.prevCopy.done:
	default:
		return nil // the wait was cut short by a stop
	}
	by := rec.prevCopy.actedBy
	if by == 0 {
		return nil // the earlier copy sent nothing, or was refused: judged on its own
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d repeats line %d of this input, which may have gone through; nothing was sent for it", rec.Line, by),
		Hint:    fmt.Sprintf("a batch sends an act once: remove the repeated line; line %d's output line says how it ended", by)}
}

// actedBy is the line whose act rec's content may have made once rec is
// done as l: rec's own line if it was sent and not refused (ok, outcome
// unknown, a failure after sending) or done by an earlier run (skipped),
// the earlier copy's if rec was refused as its repeat, else 0.
func (e *engine) actedBy(rec *Record, l *Line) int {
	if l == nil {
		return 0
	}
	switch l.Outcome {
	case OutcomeOK, OutcomeSkipped, OutcomeUnknown,
		failure.Network.String(), failure.Verification.String(), failure.Unexpected.String():
		return rec.Line
	case failure.Usage.String():
		if rec.prevCopy != nil {
			return rec.prevCopy.actedBy
		}
	}
	return 0
}
