package output

import (
	"os"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"golang.org/x/term"
)

// DefaultWidth is the width assumed when neither COLUMNS nor the terminal
// says otherwise.
const DefaultWidth = 80

// TerminalWidth is the width tables are fitted to: COLUMNS when set (as a
// shell exports it, and as tests and `COLUMNS=200 insure …` force it), else
// the size of the terminal on stdout, else DefaultWidth.
func TerminalWidth() int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
		return w
	}
	return DefaultWidth
}

// cellWidth is a cell's width on screen: wide (CJK) characters count two,
// colour sequences nothing. It is tablewriter's own measure, so the layout
// computed here is the layout it draws.
func cellWidth(s string) int { return twwidth.Width(s) }

// oneLine keeps a cell on one line: a provider's remark with a newline or a
// tab would otherwise split its row.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(s)), " ")
}

// truncateCell cuts s to w columns, marking the cut with an ellipsis. A
// cut cell loses its colour: the sequence could be cut in half.
func truncateCell(s string, w int) string {
	if cellWidth(s) <= w {
		return s
	}
	plain := twwidth.Filter().ReplaceAllString(s, "")
	if w <= 1 {
		return twwidth.Truncate(plain, w)
	}
	return twwidth.Truncate(plain, w-1) + "…"
}

// fitColumns shrinks column widths until the row fits in total columns:
// first the free-text columns (flex; every column when none is marked),
// widest first, down to minFlex; then, if still too wide, any column down
// to minAny, the first column and those marked keep last. gap is the space
// drawn after each column.
func fitColumns(widths []int, flex, keep []bool, total, gap int) []int {
	out := append([]int(nil), widths...)
	sum := func() int {
		n := 0
		for _, w := range out {
			n += w + gap
		}
		return n - gap // the last column's trailing gap can touch the edge
	}
	const minFlex, minAny = 8, 3
	shrink := func(eligible func(i int) bool, min int) {
		for sum() > total {
			best := -1
			for i, w := range out {
				if eligible(i) && w > min && (best < 0 || w > out[best]) {
					best = i
				}
			}
			if best < 0 {
				return
			}
			out[best]--
		}
	}
	anyFlex := false
	for _, f := range flex {
		anyFlex = anyFlex || f
	}
	kept := func(i int) bool { return i < len(keep) && keep[i] }
	shrink(func(i int) bool { return anyFlex && flex[i] || !anyFlex && !kept(i) }, minFlex)
	// The first column is usually the id a user copies, and a kept column
	// (a time, whose zone is at its end) means nothing cut: cut them last.
	shrink(func(i int) bool { return i > 0 && !kept(i) }, minAny)
	shrink(func(int) bool { return true }, minAny)
	return out
}
