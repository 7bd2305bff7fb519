package batchcmd

import (
	"bufio"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
)

type pflagFlag = pflag.Flag

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 64<<10) }

// bar is the progress bar on a terminal's stderr: done/total (or a
// spinner for stdin), rate, ETA, errors. It shows the lines this run
// sends. Lines the batch did not attempt (it stopped on a signal or a
// quota answer) are neither progress nor errors: they do not move the bar
// or its rate, and a batch that stopped takes its bar away rather than
// fill it. Lines an earlier run did (--resume) are not this run's work
// either: they take a line off the total, so that the rate and ETA are of
// lines sent (skipped lines pass in microseconds and made the ETA of a
// resumed batch a fraction of the real one).
type bar struct {
	mu           sync.Mutex
	b            *progressbar.ProgressBar
	w            io.Writer
	errs         int
	notAttempted int
	sent         int
	// The bar is drawn at most once a barEvery, by draw: pending lines
	// are done and not yet added to it, desc is its drawn description.
	// A line done within barEvery of the last drawing is drawn when the
	// interval has passed (timer), not only when another line comes.
	pending int64
	desc    string
	drawn   time.Time
	timer   *time.Timer
	closed  bool
}

// barEvery is how often the bar is drawn at most.
const barEvery = 100 * time.Millisecond

func newBar(w io.Writer, total int64) *bar {
	b := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("lines"),
		progressbar.OptionSetPredictTime(true),
		// The bar throttles itself (draw): the library's throttle dropped
		// the drawing of the error count made right after a line's, so
		// the bar read "errors 0 (1/3)" after a refused line.
		progressbar.OptionThrottle(0),
		progressbar.OptionSetDescription("errors 0"),
		progressbar.OptionSetWidth(30),
		// No ticker goroutine for the spinner (unknown total): it reads
		// the bar's state without its lock. The spinner moves on each line.
		progressbar.OptionSetSpinnerChangeInterval(0),
	)
	// The clock starts now, with the batch, not at the first line's
	// drawing: started there, the first rate was one line over the
	// microseconds the drawing took ("(1/2, 126839 lines/s)").
	b.StartWithoutRender()
	return &bar{b: b, w: w, desc: "errors 0"}
}

func (p *bar) Done(outcome string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch outcome {
	case batch.OutcomeOK:
	case batch.OutcomeSkipped:
		if m := p.b.GetMax64(); m > 1 {
			p.b.ChangeMax64(m - 1)
		}
		return
	case batch.OutcomeNotAttempted:
		p.notAttempted++
		return
	case batch.OutcomeBlank:
		return // not in the total (CountRecords), and nothing was sent
	default:
		p.errs++
	}
	p.sent++
	p.pending++
	if since := time.Since(p.drawn); since >= barEvery {
		p.draw()
	} else if p.timer == nil {
		p.timer = time.AfterFunc(barEvery-since, func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.timer = nil
			if !p.closed {
				p.draw()
			}
		})
	}
}

// draw adds the pending lines to the bar, then its error count: each
// drawing, so that none counts more errors than lines done ("errors 28
// (27/60)"), and the last one shows both.
func (p *bar) draw() {
	if p.pending > 0 {
		_ = p.b.Add64(p.pending)
		p.pending = 0
	}
	if d := fmt.Sprintf("errors %d", p.errs); d != p.desc {
		p.desc = d
		p.b.Describe(d)
	}
	p.drawn = time.Now()
}

// above returns a writer for output that shares the terminal with the
// bar (stdout and stderr both a terminal): each write takes the bar off its
// line first and draws it again after, so a result line never starts
// where the bar ends.
func (p *bar) above(w io.Writer) io.Writer { return barWriter{p, w} }

type barWriter struct {
	p *bar
	w io.Writer
}

func (bw barWriter) Write(b []byte) (int, error) {
	bw.p.mu.Lock()
	defer bw.p.mu.Unlock()
	_ = bw.p.b.Clear()
	n, err := bw.w.Write(b)
	_ = bw.p.b.RenderBlank()
	return n, err
}

func (p *bar) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	// The bar goes when the batch ends: the summary that follows says
	// the same (counts, rate, time), and a bar left on the terminal sat
	// between the last result and the summary when stdout is the same
	// terminal, or ran into the line another program (jq) printed there
	// next. Had lines not been attempted, Finish would also have filled
	// it with lines never sent.
	if p.notAttempted == 0 && p.sent > 0 {
		p.draw() // the last count, for a terminal that keeps what scrolled
	}
	_ = p.b.Clear()
	_ = p.b.Exit()
}
