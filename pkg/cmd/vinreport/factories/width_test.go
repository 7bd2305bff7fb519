package factories

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// On a narrow terminal the table fits, the factory's name is what gets
// cut, and the modified column shows whole dates: it was cut mid-date
// ("2015-12-3…") while the factory and the header were cut too.
func TestFactoriesTableOnNarrowTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	for _, cols := range []int{60, 80} {
		e.Reset()
		t.Setenv("COLUMNS", strconv.Itoa(cols))
		if err := run(e); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if !strings.Contains(out, "ENGINE NO.") {
			t.Errorf("at %d columns the header is cut:\n%s", cols, out)
		}

		for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			if twwidth.Width(l) > cols {
				t.Errorf("at %d columns a line is %d wide: %q", cols, twwidth.Width(l), l)
			}
			cells := regexp.MustCompile(`  +`).Split(l, -1)
			if modified := cells[6]; !wholeTime.MatchString(modified) {
				t.Errorf("at %d columns the modified cell is %q: %q", cols, modified, l)
			}
			for i, c := range cells {
				if i != 1 && strings.Contains(c, "…") {
					t.Errorf("at %d columns cell %d is cut, not the factory: %q", cols, i, l)
				}
			}
		}
	}
}

// wholeTime is a date, or a date with its clock and zone.
var wholeTime = regexp.MustCompile(`^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d [+-]\d\d:\d\d)?$`)

// A factory's remark says why it may not serve now: it was left to JSON,
// and a terminal showed 长安福特 as merely "no". It shows where the row
// fits whole, and goes before anything else is cut.
func TestFactoriesTableShowsRemarksWhereTheyFit(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	for cols, want := range map[int]bool{100: true, 80: false} {
		e.Reset()
		t.Setenv("COLUMNS", strconv.Itoa(cols))
		if err := run(e); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if got := strings.Contains(out, "REMARK") && strings.Contains(out, "暂停服务") && strings.Contains(out, "数据维护中"); got != want {
			t.Errorf("at %d columns remarks shown %v, want %v:\n%s", cols, got, want, out)
		}
	}
}
