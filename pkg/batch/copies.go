package batch

import (
	"encoding/hex"
	"errors"

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
		rec.copyDone = make(chan struct{})
		rec.laterCopy, rec.afterCopy = e.copies.see(rec.Hash, rec.Seq, rec.copyDone)
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
	if rec.repeatedMember == "" || len(e.o.Adapter.Fields) == 0 || !errors.As(rec.Err, &fe) {
		return
	}
	fe.Hint = "give each member once, e.g. " + exampleLine(false, e.o.Adapter.Fields)
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
	// done is closed when that latest copy is done.
	done map[copyKey]<-chan struct{}
	ring []copyEntry // the latest keepCopies lines, oldest overwritten
	next int
}

// copyKey is half of a SHA-256: no two lines of an input collide.
type copyKey [16]byte

type copyEntry struct {
	key  copyKey
	seq  int
	used bool
}

func newCopies() *copies {
	return &copies{newest: map[copyKey]int{}, done: map[copyKey]<-chan struct{}{}, ring: make([]copyEntry, keepCopies)}
}

// see registers the line seq of content hash, done when it is done, and
// says whether an earlier line of the input (within keepCopies lines) had
// the same content, and the channel that closes when that one is done.
func (c *copies) see(hash string, seq int, done <-chan struct{}) (repeat bool, after <-chan struct{}) {
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
	c.done[k] = done
	if !repeat {
		after = nil
	}
	return repeat, after
}
