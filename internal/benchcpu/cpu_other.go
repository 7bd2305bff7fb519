//go:build !unix

package benchcpu

import "time"

// processCPU is unknown here: Report adds nothing.
func processCPU() time.Duration { return -1 }
