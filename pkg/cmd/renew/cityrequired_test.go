package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
)

// The city is resolved from the plate and the profile after the flags
// are checked; when neither gives one, the error names the flag the user
// can give (--city), as every other field error of renew does, not Bihu's
// parameter CityCode.
func TestMissingCityIsNamedAsTheFlag(t *testing.T) {
	for _, args := range [][]string{
		{"--plate", "黑A12346"},
		{"--vin", "LSVAU2180N2183294", "--engine", "2192209"},
	} {
		e := newEnv(t, false)
		err := e.run(args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
		if msg := e.ErrOut.String(); !strings.Contains(msg, "  city: is required") || strings.Contains(msg, "CityCode") {
			t.Errorf("%v: stderr does not name the city as --city does:\n%s", args, msg)
		}
		if p := e.paths(); len(p) != 0 {
			t.Errorf("%v: sent %v", args, p)
		}
	}
}
