package e2e

import (
	"strings"
	"testing"
)

// A 206's hint links the page where the licence details are completed.
// With the sandbox this command started, that page stops with the
// command: the hint says so and how to keep one running, instead of
// leaving a link to a closed port.
func TestReplenishHintWithInProcessSandboxSaysHowToOpenIt(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "renew", "--provider", "bihu", "--plate", "京A12345")
	if r.code != 4 || !strings.Contains(r.stderr, "/DoQuote/ReplenishInfo?Token=") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"stopped with it", "sandbox serve` in another terminal", "export INSURE_SANDBOX_URL=http://127.0.0.1:8790"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the hint lacks %q:\n%s", want, r.stderr)
		}
	}
}
