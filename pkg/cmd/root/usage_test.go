package root

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// Flag descriptions are wrapped to the terminal's width (80 here): cobra
// printed each on one line, up to 215 columns, which a terminal broke
// mid-word under the flag names.
func TestFlagDescriptionsAreWrappedToTheWidth(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	for _, args := range [][]string{{"--help"}, {"vin-report", "buy", "--help"}, {"history", "list", "--help"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := execRoot(e, args...); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		flags := out[strings.Index(out, "\nFlags:")+1:]
		for _, l := range strings.Split(flags, "\n") {
			if len([]rune(l)) > 80 && !strings.Contains(l, "://") {
				t.Errorf("%v: a flag line of %d columns: %q", args, len([]rune(l)), l)
			}
		}
		if !strings.Contains(out, "Global Flags:") && len(args) > 1 {
			t.Errorf("%v: no global flags:\n%s", args, out)
		}
	}
}
