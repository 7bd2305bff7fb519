package get

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// On a narrow terminal every line of the report fits: the matching
// models' table, indented under its label, is fitted four columns
// narrower, or each of its cut rows wrapped onto a second line.
func TestTerminalReportFitsNarrowTerminal(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "NARROW-1")
	c.Add(5 * time.Second)
	for _, cols := range []int{60, 80} {
		e.Reset()
		t.Setenv("COLUMNS", strconv.Itoa(cols))
		if err := runGet(e, "NARROW-1"); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if !strings.Contains(out, "    MODEL ID") {
			t.Fatalf("no matching models table:\n%s", out)
		}
		inTable := false
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "    MODEL ID") {
				inTable = true
			}
			if inTable && !strings.HasPrefix(l, "    ") {
				inTable = false
			}
			if inTable && twwidth.Width(l) > cols {
				t.Errorf("at %d columns a matching model's line is %d wide: %q", cols, twwidth.Width(l), l)
			}
		}
	}
}

// -o table in a pipe keeps every character, as every other table in a
// pipe does: the report's tables are tab-separated, not cut to 80
// columns with an ellipsis (a model's picture link was cut).
func TestPipedTableReportKeepsWholeCells(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{TTY: false, Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "PIPE-1")
	c.Add(5 * time.Second)
	t.Setenv("COLUMNS", "")
	e.F.Globals.Output = "table"
	if err := runGet(e, "PIPE-1"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if strings.Contains(out, "…") {
		t.Errorf("a piped table was cut:\n%s", out)
	}
	for _, want := range []string{
		"model id\tmodel\tseries\tprice\tpicture\n",
		"\thttp://img.sandbox.paoding.invalid/",
		"date\tkm\ttype\tproject\tmaterial\tabnormal\n",
		"\t更换机油、机油滤清器\t",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
