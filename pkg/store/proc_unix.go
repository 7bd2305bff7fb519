//go:build unix && !linux

package store

import (
	"errors"
	"syscall"
)

// processStart is unknown here; the pid alone identifies the holder.
func processStart(int) string { return "" }

// processAlive asks the kernel whether pid exists (signal 0). A pid reused
// by an unrelated process keeps the lock until its lease runs out.
func processAlive(pid int, _ string) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || !errors.Is(err, syscall.ESRCH)
}
