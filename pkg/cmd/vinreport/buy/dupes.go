package buy

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// claims are the vehicles and order ids the lines of one --batch run buy
// with. A line repeating an earlier line's vehicle used to read that
// line's in-flight ledger entry as an earlier purchase whose outcome was
// unknown; later, each line reserved its vehicle, but kept it when it
// ended having sent nothing (a bad engine number), so its corrected copy
// was refused; and two lines giving one order id raced for it, the
// platform refusing whichever came second.
//
// Now each line registers its vehicle and order id in input order
// (Prepare runs in the batch's dispatcher), chained to the earlier line
// of the input naming the same. Before it decides anything, a line waits
// for that earlier line to end: if it may have placed an order (sent, and
// not refused by the platform; or done by an earlier run, --resume), the
// line is refused as its repeat, nothing sent; otherwise the line is
// judged on its own. The earlier line never waits for a later one, so
// the wait always ends, and what a line gets does not depend on timing.
// Lines long done are forgotten (keepClaims), so memory stays flat; a
// later copy then finds the ledger entry the earlier line wrote, which
// names its run and line (sameInput).
type claims struct {
	run    string // this run, as written in the ledger entries
	mu     sync.Mutex
	latest map[string]*claim // vehicle ("vin:…", "image:…") or "order:ID" -> the latest line naming it
	newest int               // the highest Seq registered
}

// claim is one line's hold on its vehicle and its order id.
type claim struct {
	seq, line int
	// vehicle and order are the earlier lines naming the same vehicle and
	// the same order id (nil: none, or none within keepClaims lines).
	vehicle, order *claim
	// done is closed when the line has ended; boughtBy and orderBy are
	// set before: the line, this one or an earlier one, whose purchase of
	// the vehicle, and whose order with the id, may have been made (0:
	// none).
	done              chan struct{}
	boughtBy, orderBy int
}

// keepClaims is how far behind the newest line a finished line's claim is
// kept: more lines than a batch holds in flight (16 per worker, at most 64
// workers). A line still running is never forgotten.
const keepClaims = 4096

func newClaims() *claims {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &claims{run: hex.EncodeToString(b), latest: map[string]*claim{}}
}

// register chains the line seq (input line number line) to the earlier
// lines naming its vehicle and order id; called in input order.
func (c *claims) register(req paoding.BuyRequest, seq, line int) *claim {
	c.mu.Lock()
	defer c.mu.Unlock()
	vehicle, order := purchaseKey(req), "order:"+req.OrderID
	cl := &claim{seq: seq, line: line, vehicle: c.latest[vehicle], order: c.latest[order], done: make(chan struct{})}
	c.latest[vehicle], c.latest[order] = cl, cl
	c.newest = max(c.newest, seq)
	if len(c.latest) > 4*keepClaims {
		for k, h := range c.latest {
			select {
			case <-h.done:
				if h.seq < c.newest-keepClaims {
					delete(c.latest, k)
				}
			default:
			}
		}
	}
	return cl
}

// batchLine is one --batch line's place in its run.
type batchLine struct {
	claims    *claims
	claim     *claim // nil: the line names no vehicle, or --dry-run
	seq, line int
	// What Run did: entered; sent the order; its ledger entry.
	ran, sent bool
	ledger    *purchases
}

// wait waits for the earlier lines naming this line's vehicle or order id
// to end, and refuses the line when one of them may have placed an order.
func (l *batchLine) wait(req paoding.BuyRequest) error {
	cl := l.claim
	if cl == nil {
		return nil
	}
	for _, p := range []*claim{cl.vehicle, cl.order} {
		if p != nil {
			<-p.done
		}
	}
	if p := cl.vehicle; p != nil && p.boughtBy != 0 {
		return repeatOf(l.line, p.boughtBy, req)
	}
	if p := cl.order; p != nil && p.orderBy != 0 {
		return repeatsOrderID(l.line, p.orderBy, req)
	}
	return nil
}

// sending marks the point of no return: the order is about to leave.
func (l *batchLine) sending() {
	if l != nil {
		l.sent = true
	}
}

// finish ends the line's claim, telling the later lines waiting on it
// whether an order may have been made: by this line (sent and not refused
// by the platform, or a line Run never saw that ended ok or skipped: done
// by an earlier run, or found by --resume's look-up), else by the earlier
// line it followed.
func (l *batchLine) finish(outcome string) {
	cl := l.claim
	if cl == nil {
		return
	}
	placed := outcome == batch.OutcomeOK || outcome == batch.OutcomeSkipped
	if l.ran {
		placed = l.sent && (l.ledger == nil || !l.ledger.notPlaced)
	}
	if placed {
		cl.boughtBy, cl.orderBy = cl.line, cl.line
	} else {
		if p := cl.vehicle; p != nil {
			<-p.done
			cl.boughtBy = p.boughtBy
		}
		if p := cl.order; p != nil {
			<-p.done
			cl.orderBy = p.orderBy
		}
	}
	cl.vehicle, cl.order = nil, nil // the chain behind is no longer needed
	close(cl.done)
}

// sameInput refuses the line when the ledger entry was written by another
// line of this same run whose order may have been placed (a line farther
// back than keepClaims).
func (l *batchLine) sameInput(prev *purchase, req paoding.BuyRequest) error {
	if l == nil || prev == nil || prev.Run != l.claims.run || prev.Line == l.line || prev.State == stateNotPlaced {
		return nil
	}
	return repeatOf(l.line, prev.Line, req)
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

// repeatsOrderID is the usage error of a line giving the order id of an
// earlier line's purchase: the platform would refuse one of the two
// (30020), which one depending on which arrived first.
func repeatsOrderID(line, other int, req paoding.BuyRequest) error {
	return &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: paoding.OpReportBuy,
		Message: fmt.Sprintf("line %d repeats the order id %s of line %d of this input; nothing was sent for it", line, req.OrderID, other),
		Hint: "each purchase needs an order id of its own: give line " + strconv.Itoa(line) +
			" another order_id (at most 50 characters, e.g. ACME-0002), or leave order_id empty to derive one from the line"}
}
