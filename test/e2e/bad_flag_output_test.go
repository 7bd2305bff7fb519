package e2e

import (
	"strings"
	"testing"
)

// A bad flag before --jq, --template or -o yaml stops flag parsing there,
// so those flags were never read and the JSON error document went to
// stdout, where Q=$(insure ... --jq ...) took it for the value. Whatever
// the order of the flags, a filtered or non-JSON run's error goes to
// stderr only; plain JSON mode still prints the error document.
func TestBadFlagBeforeAnOutputFlagKeepsStdoutEmpty(t *testing.T) {
	u := newUser(t)
	for _, args := range [][]string{
		{"-p", "sandbox", "vin-report", "brands", "--bogus", "--jq", ".x"},
		{"-p", "sandbox", "vin-report", "brands", "--bogus", "--template", "{{.}}"},
		{"-p", "sandbox", "vin-report", "brands", "--bogus", "-o", "yaml"},
		{"-p", "sandbox", "vin-report", "brands", "--bogus", "--output=xml"},
	} {
		r := u.run("", nil, args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "bogus") {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	r := u.run("", nil, "-p", "sandbox", "vin-report", "brands", "--bogus", "-o", "json")
	if r.code != 2 || !strings.Contains(r.stdout, `"error"`) {
		t.Errorf("-o json: exit %d\nstdout %q", r.code, r.stdout)
	}
}
