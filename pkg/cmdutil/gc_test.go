package cmdutil

import (
	"runtime/debug"
	"testing"
)

// TuneGC sets GOGC 400 under the given soft limit and puts Go's settings
// back afterwards; a GOGC or GOMEMLIMIT in the environment wins.
func TestTuneGCLeavesTheUsersSettingsAlone(t *testing.T) {
	read := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1) // a negative limit only reads it
	}
	p0, l0 := read()

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	restore := TuneGC(32 << 20)
	if p, l := read(); p != 400 || l != 32<<20 {
		t.Errorf("tuned: GOGC %d, limit %d", p, l)
	}
	restore()
	if p, l := read(); p != p0 || l != l0 {
		t.Errorf("restored: GOGC %d limit %d, want %d and %d", p, l, p0, l0)
	}

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "200")
			restore := TuneGC(32 << 20)
			if p, l := read(); p != p0 || l != l0 {
				t.Errorf("with %s set: GOGC %d limit %d", env, p, l)
			}
			restore()
		})
	}
}
