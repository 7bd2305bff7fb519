package e2e

import (
	"regexp"
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

// --show-secrets prints the 206 page link whole, in the error's hint on
// stderr and in the JSON error document, as the hint itself promises; the
// error printer masked the token all the same.
func TestReplenishHintWithShowSecretsCarriesTheToken(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "renew", "--provider", "bihu", "--plate", "京A12345", "--show-secrets")
	token := regexp.MustCompile(`ReplenishInfo\?Token=([0-9A-F]{32})`)
	if r.code != 4 || !token.MatchString(r.stderr) || !token.MatchString(r.stdout) {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	r = u.run("", nil, "-p", "sandbox", "renew", "--provider", "bihu", "--plate", "京A12345")
	if token.MatchString(r.stderr + r.stdout) {
		t.Errorf("the token is shown without --show-secrets:\n%s%s", r.stdout, r.stderr)
	}
}
