package list

import (
	"slices"
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"

	"github.com/mattn/go-runewidth"
)

// fitTerminal fits a terminal's block of rows to width, each step only
// while the rows are still too wide. A row's own number (the first
// identifier of its keys) is never cut: at 80 columns an eBao row read
// P261203000000000…, which looks like a real policy number. What gives
// way, in turn: the profile column when every row is of one profile; the
// keys' names; the zone, the same in every row, into the time header; the
// identifiers after each row's first, whole ones at a time ("…" says
// some were left out); then, while the first would not fit, the provider
// column (the operation names it: report.buy, txn.130), what an outcome
// says after its class ("failed 5" of "failed 5 (not sent)"), widest
// first, and the profile column of several profiles (history show ID
// names it). The operation stays: it is all a row says of what was done.
// A first identifier too long for even that room (a batch's 44-character
// order id at 80 columns) is left out whole too, and the row shows the
// identifiers after it that fit.
func fitTerminal(header []string, rows [][]string, width int) ([]string, [][]string) {
	if historyshared.TableWidth(header, rows) <= width {
		return header, rows
	}
	header = slices.Clone(header) // the zone goes into this block's header only
	profile := column(header, "profile")
	if profile >= 0 && oneValue(rows, profile) {
		header, rows = historyshared.WithoutColumn(header, rows, profile)
	}
	keys := len(header) - 1
	historyshared.FitKeys(header, rows, keys, width)
	historyshared.ZoneToHeader(header, rows, 1, width)
	if historyshared.TableWidth(header, rows) <= width {
		return header, rows
	}
	room := func() int {
		others := 0
		for i := range header[:keys] {
			others += columnWidth(header, rows, i, nil) + 2
		}
		return width - others
	}
	// The room every give-way leaves: a first identifier wider than that
	// cannot be kept whole, and taking columns away for it would be in
	// vain.
	most := width
	for i, h := range header[:keys] {
		switch h {
		case "provider", "profile":
		case "outcome":
			most -= columnWidth(header, rows, i, outcomeBase) + 2
		default:
			most -= columnWidth(header, rows, i, nil) + 2
		}
	}
	first := runewidth.StringWidth(header[keys])
	for _, r := range rows {
		if w := runewidth.StringWidth(firstKey(r[keys])); w <= most {
			first = max(first, w)
		}
	}
	if i := column(header, "provider"); i >= 0 && room() < first {
		header, rows = historyshared.WithoutColumn(header, rows, i)
		keys--
	}
	if i := column(header, "outcome"); i >= 0 && room() < first {
		// The widest outcomes give up their words first: a single
		// "unknown 130, interrupted (SIGINT)" need not cost every other
		// row its "(not sent)".
		limit := columnWidth(header, rows, i, nil) - (first - room())
		for _, r := range rows {
			if runewidth.StringWidth(r[i]) > limit {
				r[i] = outcomeBase(r[i])
			}
		}
	}
	if i := column(header, "profile"); i >= 0 && room() < first {
		header, rows = historyshared.WithoutColumn(header, rows, i)
		keys--
	}
	avail := room()
	for _, r := range rows {
		r[keys] = wholeKeys(r[keys], avail)
	}
	return header, rows
}

// A keys cell's identifiers are separated by spaces, and a key holding
// several (a Sunshine purchase's two policies, "P1,P2") by commas: each
// is kept whole or left out.
type keyUnit struct{ sep, text string }

func keyUnits(cell string) []keyUnit {
	var out []keyUnit
	for i, f := range strings.Fields(cell) {
		for j, part := range strings.Split(f, ",") {
			sep := ","
			if j == 0 {
				sep = " "
				if i == 0 {
					sep = ""
				}
			}
			out = append(out, keyUnit{sep, part})
		}
	}
	return out
}

// firstKey is a keys cell's first identifier: the row's own number.
func firstKey(cell string) string {
	if u := keyUnits(cell); len(u) > 0 {
		return u[0].text
	}
	return ""
}

// wholeKeys is as many of cell's identifiers as fit in width, none cut:
// the first when it fits, then the next while they fit, with "…" where
// some were left out and it fits. A first identifier that does not fit
// is left out with the rest of its key, "…" standing first.
func wholeKeys(cell string, width int) string {
	if runewidth.StringWidth(cell) <= width {
		return cell
	}
	units := keyUnits(cell)
	out, w := "", 0
	i := 0
	if len(units) > 0 && runewidth.StringWidth(units[0].text) > width {
		out, w = "…", 1
		for i = 1; i < len(units) && units[i].sep == ","; i++ {
		}
	}
	for ; i < len(units); i++ {
		u := units[i]
		uw := runewidth.StringWidth(u.sep + u.text)
		more := 0
		if i+1 < len(units) {
			more = 2 // " …" or ",…" after it
		}
		if i == 0 {
			more = 0 // the first is kept whole whatever follows
		}
		if w+uw+more > width {
			mark := u.sep + "…"
			if w > 0 && !strings.HasSuffix(out, "…") && w+runewidth.StringWidth(mark) <= width {
				out += mark
			}
			return out
		}
		out, w = out+u.sep+u.text, w+uw
	}
	return out
}

// column is the index of the header named name, or -1.
func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// columnWidth is column i's width, its cells in form (nil: as they are).
func columnWidth(header []string, rows [][]string, i int, form func(string) string) int {
	w := runewidth.StringWidth(header[i])
	for _, r := range rows {
		c := r[i]
		if form != nil {
			c = form(c)
		}
		w = max(w, runewidth.StringWidth(c))
	}
	return w
}

// oneValue says whether every row has the same value in column i: one
// profile's rows repeat it in every row.
func oneValue(rows [][]string, i int) bool {
	for _, r := range rows {
		if r[i] != rows[0][i] {
			return false
		}
	}
	return true
}
