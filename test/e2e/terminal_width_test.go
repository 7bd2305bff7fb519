package e2e

import (
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

var colour = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestTablesFitTheTerminal runs table views on a pseudo-terminal 80 and
// 120 columns wide: no line may be wider than the terminal, so no row
// wraps.
func TestTablesFitTheTerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("no script(1) to give the binary a pseudo-terminal")
	}
	u := newUser(t)
	if r := u.run("", nil, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "WIDTH-1", "--yes"); r.code != 0 {
		t.Fatalf("buy: %d %s", r.code, r.stderr)
	}
	for _, cols := range []int{80, 120} {
		// The report's prose (summary, remarks) may wrap like any
		// paragraph; its tables' rows (a date first) may not.
		for args, rows := range map[string]*regexp.Regexp{
			"-p sandbox vin-report get WIDTH-1 --wait": regexp.MustCompile(`^(DATE|\d{4}-\d\d-\d\d) `),
			"-p sandbox vin-report factories":          regexp.MustCompile(`^(ID|\d+) `),
			"-p sandbox history list":                  regexp.MustCompile(`^(ID|\d+) `),
		} {
			cmd := exec.Command(script, "-qec", fmt.Sprintf("stty cols %d; %s %s", cols, bin, args), "/dev/null")
			cmd.Env = append(u.env, "TERM=xterm")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v: %s", args, err, out)
			}
			lines := strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n")
			n := 0
			for _, l := range lines {
				if !rows.MatchString(l) {
					continue
				}
				n++
				if w := runewidth.StringWidth(colour.ReplaceAllString(l, "")); w > cols {
					t.Errorf("%s at %d columns: a %d-column row wraps: %q", args, cols, w, l)
				}
			}
			if n < 3 {
				t.Errorf("%s at %d columns: %d table lines in %q", args, cols, n, out)
			}
		}
	}
}
