package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// genInput makes n JSON Lines on the fly, so the input itself takes no
// memory.
type genInput struct {
	i, n int
	buf  []byte
}

func (g *genInput) Read(b []byte) (int, error) {
	for len(g.buf) < len(b) && g.i < g.n {
		g.buf = fmt.Appendf(g.buf, `{"vin":"LSVAU2180N2%06d","brand_factory":20,"order_id":"MEM-%d"}`+"\n", g.i%1000000, g.i)
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(b, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

type lineCounter struct{ n int }

func (w *lineCounter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c == '\n' {
			w.n++
		}
	}
	return len(p), nil
}

// peakHeap samples HeapInuse every 20 ms until stop is called.
func peakHeap() (stop func() uint64) {
	done, quit := make(chan uint64), make(chan struct{})
	go func() {
		var peak uint64
		tk := time.NewTicker(20 * time.Millisecond)
		defer tk.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-quit:
				done <- peak
				return
			case <-tk.C:
			}
		}
	}()
	return func() uint64 { close(quit); return <-done }
}

// TestMillionLineDryRunMemory runs the engine over 1,000,000 lines (or
// BATCH_MEM_LINES) with a dry-run adapter and reports the peak heap. One
// line in 1000 is slow, so the ordered writer's window fills. Nothing is
// asserted about time; the figures are in docs/performance.md.
func TestMillionLineDryRunMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million lines: not with -short")
	}
	n := 1_000_000
	if s := os.Getenv("BATCH_MEM_LINES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := peakHeap()
	out := &lineCounter{}
	start := time.Now()
	sum, err := Run(t.Context(), Options{In: &genInput{n: n}, Format: FormatJSONL, Concurrency: 4, Out: out,
		Adapter: Adapter{Echo: [][]string{{"vin"}, {"order_id"}},
			Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
				if rec.Line%1000 == 0 {
					time.Sleep(2 * time.Millisecond)
				}
				return json.RawMessage(`{"dry_run":true}`), nil
			}}})
	elapsed := time.Since(start)
	peak := stop()
	if err != nil || sum.Total != n || out.n != n || sum.ByOutcome[OutcomeOK] != n {
		t.Fatalf("%v: %+v, %d output lines", err, sum, out.n)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("%d lines in %s (%.0f lines/s); heap in use before %.1f MiB, peak %.1f MiB; %.0f MiB allocated in all, %d GC cycles",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), float64(before.HeapInuse)/(1<<20), float64(peak)/(1<<20),
		float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), after.NumGC-before.NumGC)
}
