package find_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/mattn/go-runewidth"
)

// At 80 columns a settled purchase's rows read "bought  ok (look-…" and
// "report f…": the step and its outcome, the answer to "did it go
// through?", were cut before the profile column every row repeated. They
// are kept whole; the profile column of a one-profile story gives way, and
// on a wide terminal it stays.
func TestFindKeepsStepAndOutcomeWholeAt80Columns(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=act-then-status:502"})
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "NARROW-1", "--yes")
	e.F.IOStreams.SetStdoutTTY(true)

	t.Setenv("COLUMNS", "80")
	_, table, _ := strings.Cut(run(t, e, "find", "NARROW-1"), "\n\n")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	// The zone, the same in every row, may move into the header.
	row := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d( \+08:00)?  (bought +ok \(look-up\)|report fetched +ok) +\d+ +\S`)
	for _, l := range lines[1:] {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("a %d-column row: %q", w, l)
		}
		if !row.MatchString(l) {
			t.Errorf("step or outcome cut at 80 columns: %q\n%s", l, table)
		}
	}
	if strings.Contains(lines[0], "PROFILE") {
		t.Errorf("the one-profile story keeps its profile column at 80 columns: %q", lines[0])
	}

	t.Setenv("COLUMNS", "120")
	if _, wide, _ := strings.Cut(run(t, e, "find", "NARROW-1"), "\n\n"); !strings.Contains(wide, "  PROFILE  ") || !strings.Contains(wide, "  sandbox  ") {
		t.Errorf("at 120 columns the profile column went:\n%s", wide)
	}
}
