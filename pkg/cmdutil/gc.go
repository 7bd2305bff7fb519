package cmdutil

import (
	"os"
	"runtime/debug"
)

// TuneGC lets the heap grow to five times what is live (GOGC=400) under
// a soft limit of limitBytes, unless GOGC or GOMEMLIMIT is set (the user's
// settings win), and returns the function that puts the settings back.
//
// It is for the two long-running jobs whose work is many small requests,
// each allocating tens of KB that are garbage at once over a live heap of
// a few MB: a --batch and `sandbox serve`. At Go's default the collector
// ran every few dozen requests and took 10-15% of their CPU
// (docs/performance.md). The limit keeps the peak memory bounded.
func TuneGC(limitBytes int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(limitBytes)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
