package find_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/mattn/go-runewidth"
)

// At 80 columns a car's story printed "quotationNu…" in every row's keys:
// which of the car's quotations a row was, the one question the column
// answers, was cut. The keys give up their names, then the operation
// column goes (the step says what was done), and each row's number is
// whole; a wide terminal keeps both.
func TestFindKeepsEachRowsNumberWholeAt80Columns(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	e := cmdtest.New(t, cmdtest.Options{})
	first := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	second := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	e.F.IOStreams.SetStdoutTTY(true)

	t.Setenv("COLUMNS", "80")
	_, table, _ := strings.Cut(run(t, e, "find", "沪A6U615"), "\n\n")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	for _, l := range lines {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("a %d-column row: %q", w, l)
		}
	}
	for _, q := range []string{first, second} {
		if !regexp.MustCompile(`  ` + q + `( |$)`).MatchString(table) {
			t.Errorf("quotation %s is not whole at 80 columns:\n%s", q, table)
		}
	}
	if strings.Contains(table, "quotationNumber=") {
		t.Errorf("the keys keep their names at 80 columns:\n%s", table)
	}

	t.Setenv("COLUMNS", "160")
	if _, wide, _ := strings.Cut(run(t, e, "find", "沪A6U615"), "\n\n"); !strings.Contains(wide, "OPERATION") || !strings.Contains(wide, "quotationNumber="+first) {
		t.Errorf("at 160 columns the operation or the keys' names went:\n%s", wide)
	}
}
