//go:build linux

package store

import (
	"bytes"
	"os"
	"strconv"
)

// procStat returns the state (field 3) and start time in clock ticks since
// boot (field 22) of /proc/PID/stat. The command name (field 2) may hold
// spaces and parentheses, so fields are counted after its last ')'.
func procStat(pid int) (state, start string, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", "", false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", "", false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 20 { // fields 3..22
		return "", "", false
	}
	return string(f[0]), string(f[19]), true
}

// processStart identifies this run of process pid, so a pid reused by
// another process is not taken for the holder.
func processStart(pid int) string {
	_, start, _ := procStat(pid)
	return start
}

// processAlive says whether pid still runs and is the process that started
// at started (when known). A zombie (killed, not yet reaped) is dead.
func processAlive(pid int, started string) bool {
	if pid <= 0 {
		return false
	}
	state, start, ok := procStat(pid)
	if !ok {
		if _, err := os.Stat("/proc/self/stat"); err != nil {
			return true // no /proc: cannot tell, the lease decides
		}
		return false
	}
	if state == "Z" || state == "X" {
		return false
	}
	return started == "" || start == started
}
