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
}

func newBar(w io.Writer, total int64) *bar {
	b := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("lines"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
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
	return &bar{b: b, w: w}
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
	_ = p.b.Add(1)
	if outcome != batch.OutcomeOK {
		// After Add: Describe draws the bar, which must not count more
		// errors than lines done ("errors 28 (27/60)").
		p.b.Describe(fmt.Sprintf("errors %d", p.errs))
	}
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
	if p.notAttempted > 0 || p.sent == 0 {
		// Finish would fill the bar with lines never sent, and its last
		// drawing may be up to a throttle's interval old: take it away
		// and leave the summary that follows to say where the batch
		// stopped, or that an earlier run had done every line.
		_ = p.b.Clear()
		_ = p.b.Exit()
		return
	}
	_ = p.b.Finish()
	fmt.Fprintln(p.w)
}
