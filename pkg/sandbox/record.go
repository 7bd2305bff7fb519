package sandbox

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A sandbox listening over a state directory leaves a record there naming
// its address, which `insure sandbox reset` and `status` read: reset must
// not delete the state under a process that has it open. `insure sandbox
// serve` writes its own (pkg/cmd/sandbox/reset.Register); the in-process
// sandbox of a running command (a --batch, a purchase) writes one from
// Listen, marked InProcessMark, and removes it in Close.
const (
	RecordPrefix = "serving-"
	RecordSuffix = ".url"
	// InProcessMark is the second line of an in-process sandbox's record,
	// followed by its process id.
	InProcessMark = "in-process pid "
)

// IsRecord reports a server's record file by its name.
func IsRecord(name string) bool {
	return strings.HasPrefix(name, RecordPrefix) && strings.HasSuffix(name, RecordSuffix)
}

// Record is one record read from a state directory.
type Record struct {
	Path, URL string
	// PID is the process of an in-process sandbox, 0 for a server.
	PID int
}

// ReadRecords lists the records in dir.
func ReadRecords(dir string) []Record {
	entries, _ := os.ReadDir(dir)
	var out []Record
	for _, e := range entries {
		if !IsRecord(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		r := Record{Path: p, URL: strings.TrimSpace(lines[0])}
		if !strings.HasPrefix(r.URL, "http") {
			continue
		}
		if len(lines) > 1 {
			if pid, ok := strings.CutPrefix(strings.TrimSpace(lines[1]), InProcessMark); ok {
				r.PID, _ = strconv.Atoi(pid)
			}
		}
		out = append(out, r)
	}
	return out
}

// recordInProcess writes the record of an in-process sandbox listening
// at url over dir. It is best effort: a command is not refused for it.
func recordInProcess(dir, url string, ln net.Listener) string {
	port := 0
	if ta, ok := ln.Addr().(*net.TCPAddr); ok {
		port = ta.Port
	}
	// The port too: one process (a test) may run several sandboxes.
	path := filepath.Join(dir, fmt.Sprintf("%s%d-%d%s", RecordPrefix, os.Getpid(), port, RecordSuffix))
	if err := os.WriteFile(path, fmt.Appendf(nil, "%s\n%s%d\n", url, InProcessMark, os.Getpid()), 0o600); err != nil {
		return ""
	}
	return path
}
