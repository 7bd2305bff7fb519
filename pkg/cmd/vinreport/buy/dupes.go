package buy

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// claims are the vehicles the lines of one --batch run are buying. A
// line repeating an earlier line's vehicle used to read that line's
// in-flight ledger entry as an earlier purchase whose outcome was
// unknown, reuse its order id and report the platform's duplicate check
// (30020) as a purchase confirmed; or, a moment later, be refused for a
// purchase made within a day: what a repeat got depended on timing. Now
// it is refused, before anything is sent, as a repeat of the earlier
// line.
//
// A line reserves its vehicle as soon as a worker takes it (Prepare,
// before any request), so the earlier line of the input is the one that
// holds it: workers take lines in input order. Should a later copy still
// get there first, it gives the vehicle up to the earlier line unless it
// has sent already, in which case the earlier line is the one refused:
// never both. A line that has finished left its mark in the ledger entry
// (purchase.Run and Line), which later lines read; reservations far
// behind the newest line are dropped, so memory stays flat however long
// the input.
type claims struct {
	run    string // this run, as written in the ledger entries
	mu     sync.Mutex
	held   map[string]*claim // purchase key -> the line buying it
	newest int               // the highest Seq reserved
}

type claim struct {
	seq, line int
	sent      bool
}

// keepClaims is how far behind the newest line a reservation is kept:
// more lines than a batch holds in flight (16 per worker, at most 64
// workers), so a line dropped has long finished, or written its ledger
// entry, which later copies read instead.
const keepClaims = 4096

func newClaims() *claims {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &claims{run: hex.EncodeToString(b), held: map[string]*claim{}}
}

// reserve takes the vehicle for the line seq (input line number line)
// unless an earlier line holds it; the line is refused only when it
// runs (batchLine.check), so a line --resume skips is skipped.
func (c *claims) reserve(key string, seq, line int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.held[key]; h != nil && (h.seq < seq || h.sent) {
		return
	}
	c.held[key] = &claim{seq: seq, line: line}
	if seq > c.newest {
		c.newest = seq
	}
	if len(c.held) > 2*keepClaims {
		for k, h := range c.held {
			if h.seq < c.newest-keepClaims {
				delete(c.held, k)
			}
		}
	}
}

// batchLine is one --batch line's place in its run.
type batchLine struct {
	claims    *claims
	seq, line int
}

// check refuses the line when another line of the input holds its
// vehicle: an earlier one, or a later one that has sent already.
func (l *batchLine) check(key string, req paoding.BuyRequest) error {
	c := l.claims
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.held[key]; h != nil && h.seq != l.seq {
		return repeatOf(l.line, h.line, req)
	}
	return nil
}

// release lets the vehicle go when the line is done (its ledger entry
// now carries the line).
func (l *batchLine) release(key string) {
	c := l.claims
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.held[key]; h != nil && h.seq == l.seq {
		delete(c.held, key)
	}
}

// sameInput refuses the line when the ledger entry was written by
// another line of this same run.
func (l *batchLine) sameInput(prev *purchase, req paoding.BuyRequest) error {
	if l == nil || prev == nil || prev.Run != l.claims.run || prev.Line == l.line {
		return nil
	}
	return repeatOf(l.line, prev.Line, req)
}

// send is the last moment before the order leaves: a line whose vehicle
// an earlier line took over is refused here.
func (l *batchLine) send(key string, req paoding.BuyRequest) error {
	if l == nil {
		return nil
	}
	c := l.claims
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.held[key]; h != nil && h.seq != l.seq {
		return repeatOf(l.line, h.line, req)
	}
	// Held by this line, or by none: the holder finished (its ledger
	// entry was read) or was dropped as long past (keepClaims).
	c.held[key] = &claim{seq: l.seq, line: l.line, sent: true}
	return nil
}

// repeatOf is the usage error of a line buying what line other of the
// same input buys.
func repeatOf(line, other int, req paoding.BuyRequest) error {
	what := "the licence photo " + req.Image
	if req.VIN != "" {
		what = "VIN " + req.VIN + " with brand factory " + strconv.Itoa(req.BrandFactoryID)
	}
	return &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: paoding.OpReportBuy,
		Message: fmt.Sprintf("line %d repeats the purchase of line %d of this input (%s); nothing was sent for it", line, other, what),
		Hint: fmt.Sprintf("a batch buys each vehicle once: remove the repeated line; to buy this vehicle again, "+
			"run that purchase on its own once line %d's is done, with --again and a new --order-id", other)}
}
