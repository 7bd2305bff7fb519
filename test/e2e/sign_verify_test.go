package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// A --verify that does not match prints the result ("verified": false) on
// stdout and exits 6, with the error on stderr only: in a pipe stdout is
// one JSON document. The JSON error document used to follow the result.
func TestSignVerifyMismatchIsOneDocumentOnStdout(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "sign", "paoding", "--verify", "c3750b583be47ba43bde9a01754004dc")
	if r.code != 6 || !strings.Contains(r.stderr, "does not match") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	d := json.NewDecoder(strings.NewReader(r.stdout))
	var res struct{ Verified *bool }
	if err := d.Decode(&res); err != nil || res.Verified == nil || *res.Verified {
		t.Fatalf("stdout %q: %v", r.stdout, err)
	}
	if d.More() {
		t.Errorf("more than one document on stdout:\n%s", r.stdout)
	}
}
