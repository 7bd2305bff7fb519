// Package benchcpu reports the CPU time a benchmark's loop used per
// operation (user + system, every goroutine of the process), beside the
// wall-clock ns/op that wanders with whatever else the machine runs.
package benchcpu

import (
	"testing"
	"time"
)

// Meter is the process's CPU time when the loop began.
type Meter struct{ start time.Duration }

// Start reads the CPU time so far; call it just before the loop.
func Start() Meter { return Meter{processCPU()} }

// Report adds cpu-ns/op to the benchmark's results; call it just after
// the loop, when b.N is the number of operations run.
func (m Meter) Report(b *testing.B) {
	end := processCPU()
	if m.start < 0 || end < 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
}
