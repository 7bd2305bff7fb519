package e2e

import (
	"strings"
	"testing"
)

// A command whose stdout is a file to save (a completion script, an
// example request) keeps its errors off stdout in a pipe too: `insure
// completion Bash > …/completions/insure` wrote the JSON error into the
// completion file, which bash then ran in every new shell. Other
// commands still put the JSON error on stdout for a pipeline.
func TestCommandsThatWriteAFileKeepErrorsOffStdout(t *testing.T) {
	u := newUser(t)
	for _, args := range [][]string{{"completion", "Bash"}, {"example", "nope"}} {
		r := u.run("", nil, args...)
		if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "error: ") {
			t.Errorf("insure %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	if r := u.run("", nil, "-p", "sandbox", "vin-report", "get", "NOPE-1"); r.code == 0 || !strings.HasPrefix(r.stdout, `{"error":`) {
		t.Errorf("a data command's error in a pipe: exit %d, stdout %q", r.code, r.stdout)
	}
}
