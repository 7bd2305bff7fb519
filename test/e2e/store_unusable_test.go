package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A store that cannot be opened (here a directory where insure.db belongs)
// does not stop a request, and stderr says the request is not journalled:
// a quotation exited 0 with nothing said, and history and find then knew
// nothing of it.
func TestRequestWithAnUnusableStoreSaysItIsNotJournalled(t *testing.T) {
	u := newUser(t)
	url := serveSandbox(t, u)
	if err := os.MkdirAll(filepath.Join(u.stateDir(), "insure.db"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := u.run("", []string{"INSURE_SANDBOX_URL=" + url}, "-p", "sandbox", "quote", "--provider", "ebao", "-f", filepath.Join("..", "..", "examples", "ebao", "quote.json"))
	if r.code != 0 || !strings.Contains(r.stdout, "quotationNumber") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "warning: the ebao quotation request is not in the local journal") || !strings.Contains(r.stderr, "insure.db") {
		t.Fatalf("stderr:\n%s", r.stderr)
	}
}
