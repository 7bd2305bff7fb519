package reset

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/sandbox"
)

// A running `insure sandbox serve` leaves a file in the state directory it
// serves, naming its address: reset and status find it there whatever
// --addr it was given, where INSURE_SANDBOX_URL and the default address
// miss a server on another port (reset then deleted the state under it,
// and the server went on writing to files no longer on disk). The
// in-process sandbox of a running command leaves one too
// (sandbox.ReadRecords).
const (
	servingPrefix = sandbox.RecordPrefix
	servingSuffix = sandbox.RecordSuffix
)

// IsServing reports a server's registration file.
func IsServing(name string) bool { return sandbox.IsRecord(name) }

// isSandboxFile reports a file the sandbox keeps in its state directory:
// the database with its -wal, -shm and -journal companions, and servers'
// registrations.
func isSandboxFile(name string) bool {
	return strings.HasPrefix(name, sandbox.StateFile) || IsServing(name)
}

// Register records that a server at url serves the state in dir, first
// removing the records of servers that no longer answer (one killed
// outright leaves its record behind). The returned func removes the
// record, for a server that stops.
func Register(ctx context.Context, dir, url string) (func(), error) {
	for _, u := range registered(dir) {
		if !sandbox.Answers(ctx, u.url) {
			_ = os.Remove(u.path)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s%d%s", servingPrefix, os.Getpid(), servingSuffix))
	if err := os.WriteFile(path, []byte(url+"\n"), 0o600); err != nil {
		return nil, err
	}
	return func() { _ = os.Remove(path) }, nil
}

type registration struct{ path, url string }

func registered(dir string) []registration {
	var out []registration
	for _, r := range sandbox.ReadRecords(dir) {
		out = append(out, registration{r.Path, r.URL})
	}
	return out
}

// InProcessPID is the process whose in-process sandbox recorded url in
// dir (a command running over the state), or 0 for a server.
func InProcessPID(dir, url string) int {
	for _, r := range sandbox.ReadRecords(dir) {
		if r.PID != 0 && SameURL([]string{r.URL}, url) {
			return r.PID
		}
	}
	return 0
}

// WithRegistered is urls followed by the addresses of the servers that
// registered in dir and are not among urls already.
func WithRegistered(urls []string, dir string) []string {
	out := slices.Clone(urls)
	for _, r := range registered(dir) {
		if !SameURL(out, r.url) {
			out = append(out, r.url)
		}
	}
	return out
}

// SameURL reports u among urls, a trailing slash aside
// (INSURE_SANDBOX_URL=http://127.0.0.1:8790/ names the server at
// http://127.0.0.1:8790).
func SameURL(urls []string, u string) bool {
	return slices.ContainsFunc(urls, func(v string) bool { return strings.TrimSuffix(v, "/") == strings.TrimSuffix(u, "/") })
}
