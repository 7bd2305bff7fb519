package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var fetchHint = regexp.MustCompile(`Fetch the report with: (insure [^\r\n]+)`)

// TestPastedHintsWork buys on a terminal with -p sandbox, then runs the
// printed next step as a user pasting it would: it must not fail with "no
// profile selected". A provider's hint in an error gets the same flags.
func TestPastedHintsWork(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("no script(1) to give the binary a pseudo-terminal")
	}
	u := newUser(t)
	cmd := exec.Command(script, "-qec", bin+" -p sandbox vin-report buy --vin LSVAU2180N2183294 --brand-factory 20 --order-id PASTE-1 --yes", "/dev/null")
	cmd.Env = append(u.env, "TERM=xterm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("buy: %v: %s", err, out)
	}
	m := fetchHint.FindStringSubmatch(colour.ReplaceAllString(string(out), ""))
	if m == nil {
		t.Fatalf("no hint in %q", out)
	}
	paste := func(line string) (string, error) {
		sh := exec.Command("sh", "-c", line)
		sh.Env = append(append([]string{}, u.env...), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		b, err := sh.CombinedOutput()
		return string(b), err
	}
	if got, err := paste(m[1] + " --jq .status"); err != nil || strings.TrimSpace(got) != "2" {
		t.Fatalf("pasted %q: %v: %s", m[1], err, got)
	}

	// An error's hint, on a machine with no token yet: `insure token get`.
	u = newUser(t)
	r := u.run("", nil, "-p", "sandbox", "token", "show", "--provider", "paoding")
	if r.code == 0 {
		t.Fatalf("token show without a token: %s", r.stdout)
	}
	hint := regexp.MustCompile("`(insure [^`]+)`").FindStringSubmatch(r.stderr)
	if hint == nil {
		t.Fatalf("no command in %q", r.stderr)
	}
	if got, err := paste(hint[1]); err != nil {
		t.Fatalf("pasted %q: %v: %s", hint[1], err, got)
	}
}
