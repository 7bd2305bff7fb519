package find

import (
	"slices"
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"

	"github.com/mattn/go-runewidth"
)

// The profile column gives way on a narrow terminal when every step is of
// one profile: it then says nothing a row needs (history show takes the id
// under any profile), and its width keeps a step and its outcome whole
// ("ok (duplicate check)" beside "report fetched" at 80 columns). A pipe
// keeps every column, so a script's cut -f does not move.

// oneProfile says whether every step was sent under the same profile.
func oneProfile(steps []Step) bool {
	for _, s := range steps {
		if s.Profile != steps[0].Profile {
			return false
		}
	}
	return true
}

// cutWidth is how wide the table is once its free-text columns (the
// indexes given) are cut to 8 characters, as far as a table cuts them
// before it cuts anything else: wider than the terminal, the step or its
// outcome would be cut next.
func cutWidth(header []string, rows [][]string, free ...int) int {
	total := 0
	for i, h := range header {
		w := runewidth.StringWidth(strings.ToUpper(h))
		for _, r := range rows {
			w = max(w, runewidth.StringWidth(r[i]))
		}
		if slices.Contains(free, i) {
			w = min(w, 8)
		}
		total += w
	}
	return total + 2*(len(header)-1)
}

// withoutColumn drops column i from the header and every row.
func withoutColumn(header []string, rows [][]string, i int) ([]string, [][]string) {
	drop := func(cells []string) []string {
		return append(append([]string(nil), cells[:i]...), cells[i+1:]...)
	}
	out := make([][]string, len(rows))
	for j, r := range rows {
		out[j] = drop(r)
	}
	return drop(header), out
}

// keysCut says whether the keys column (the last) would have its first
// identifier cut with the operation column (op) cut to 8 characters.
func keysCut(header []string, rows [][]string, op, width int) bool {
	keys := len(header) - 1
	total := 0
	for i, h := range header {
		w := runewidth.StringWidth(strings.ToUpper(h))
		for _, r := range rows {
			w = max(w, runewidth.StringWidth(r[i]))
		}
		switch i {
		case op:
			w = min(w, 8)
		case keys:
			w = max(runewidth.StringWidth(strings.ToUpper(h)), historyshared.FirstKeyWidth(rows, keys))
		}
		total += w
	}
	return total+2*(len(header)-1) > width
}
