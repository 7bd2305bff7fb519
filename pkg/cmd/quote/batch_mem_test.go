package quote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// countingWriter counts the output lines without keeping them.
type countingWriter struct{ lines int }

func (w *countingWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c == '\n' {
			w.lines++
		}
	}
	return len(p), nil
}

// requests is an input made on the fly: n JSON Lines, each the example
// quotation request with a sequence number added.
type requests struct {
	i, n int
	line []byte
	buf  []byte
}

func (p *requests) Read(b []byte) (int, error) {
	for len(p.buf) < len(b) && p.i < p.n {
		p.buf = fmt.Appendf(p.buf, "%s,\"batchSeq\":%d}\n", p.line[:len(p.line)-1], p.i)
		p.i++
	}
	if len(p.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

// TestBatchQuoteDryRunMemory runs `quote --provider ebao --batch - --dry-run`
// over BATCH_MEM_LINES lines of stdin (default 20,000: each line is
// validated and signed, about 0.3 ms of CPU; the engine's own million-line
// run is pkg/batch's TestMillionLineDryRunMemory) and reports the peak
// heap, sampled every 50 ms. It asserts nothing about time; the figures
// are in docs/performance.md.
func TestBatchQuoteDryRunMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a long batch: not with -short")
	}
	n := 20_000
	if s := os.Getenv("BATCH_MEM_LINES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "ebao", "quote.json"))
	if err != nil {
		t.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, raw); err != nil {
		t.Fatal(err)
	}
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	e.F.IOStreams.In = &requests{n: n, line: line.Bytes()}
	out := &countingWriter{}
	e.F.IOStreams.Out = out
	e.F.IOStreams.ErrOut = io.Discard
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	start := time.Now()
	cmd := NewCmdQuote(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--provider", "ebao", "--batch", "-", "--concurrency", "4"})
	err = cmd.Execute()
	close(stop)
	<-done
	if cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if out.lines != n {
		t.Fatalf("%d output lines for %d input lines", out.lines, n)
	}
	runtime.ReadMemStats(&ms)
	t.Logf("%d lines in %s (%.0f lines/s); heap in use before %.1f MiB, peak %.1f MiB; %d GC cycles, %.0f MiB allocated in all",
		n, time.Since(start).Round(time.Millisecond), float64(n)/time.Since(start).Seconds(),
		float64(base)/(1<<20), float64(peak)/(1<<20), ms.NumGC, float64(ms.TotalAlloc)/(1<<20))
}
