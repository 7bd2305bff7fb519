package find

import (
	"fmt"
	"maps"
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"

	"github.com/mattn/go-runewidth"
)

// storyTable is the story's table. On a terminal, runs of the same failed
// look-up are folded into one row each (folded) and the columns fitted to
// the terminal (fitTerminal); a pipe has one row per step and every
// column, so that a script's cut -f does not move.
func storyTable(steps []Step, tty bool, acts func(provider, operation string) bool) *output.Table {
	header := []string{"time", "step", "outcome", "id", "profile", "operation", "keys"}
	rows := make([][]string, 0, len(steps))
	if !tty {
		for _, s := range steps {
			rows = append(rows, stepRow(s))
		}
	} else {
		for _, f := range folded(steps, acts) {
			rows = append(rows, f.row())
		}
		header, rows = fitTerminal(header, rows, oneProfile(steps), output.TerminalWidth())
	}
	// The step and its outcome are the story: they are cut last, with the
	// time ("cancell…", "ok (re-r…" told an agent nothing).
	t := output.NewTable(tty, header...).Flexible("keys", "operation", "profile").Whole(header[0], "step", "outcome")
	for _, r := range rows {
		t.Row(r...)
	}
	return t
}

func stepRow(s Step) []string {
	return []string{output.Time(s.Time), s.Step, outcomeCell(s), fmt.Sprint(s.ID), s.Profile, s.Provider + " " + s.Operation, historyshared.KeysCell(s.Keys)}
}

// A purchase whose answer was lost is looked up until it appears, and a
// minute of Paoding's "order not found" (30080) added 35 identical rows
// to its story. A fold is such a run: consecutive steps of one look-up
// (never an act) that failed, or came to nothing, the same way.
type fold struct {
	first, last Step
	n           int
}

func folded(steps []Step, acts func(provider, operation string) bool) []fold {
	var out []fold
	for _, s := range steps {
		if n := len(out); n > 0 && sameFailedLookUp(out[n-1].last, s, acts) {
			out[n-1].last = s
			out[n-1].n++
			continue
		}
		out = append(out, fold{first: s, last: s, n: 1})
	}
	return out
}

func sameFailedLookUp(a, b Step, acts func(provider, operation string) bool) bool {
	if a.Outcome == store.OutcomeOK || acts != nil && acts(a.Provider, a.Operation) {
		return false
	}
	if a.Settled != nil || b.Settled != nil || a.Interrupted != "" || b.Interrupted != "" {
		return false
	}
	return a.Profile == b.Profile && a.Provider == b.Provider && a.Operation == b.Operation && a.Outcome == b.Outcome &&
		a.ExitClass == b.ExitClass && a.Code == b.Code && a.Message == b.Message && a.Probe == b.Probe && maps.Equal(a.Keys, b.Keys)
}

// row is the fold's table row: a single step's own, or for a run the
// first step's with the time it ended, the provider's code and the
// count: "2026-12-02 15:02:01–15:02:40 +08:00", "failed 4 [30080] ×35".
// The id is the first step's (JSON and history list have each).
func (f fold) row() []string {
	r := stepRow(f.first)
	if f.n == 1 {
		return r
	}
	start, end := output.Time(f.first.Time), output.Time(f.last.Time)
	if len(start) > 19 && len(end) > 19 && start[:19] != end[:19] {
		if start[:10] == end[:10] {
			end = end[11:] // the clock and zone: the same day
		}
		r[0] = start[:19] + "–" + end
	}
	if f.first.Code != "" {
		r[2] += " [" + f.first.Code + "]"
	}
	r[2] += fmt.Sprintf(" ×%d", f.n)
	return r
}

// fitTerminal fits a terminal's table to width, each step only while it
// is still too wide. A row's own number (the first identifier of its
// keys) is never cut: at 100 columns every row read Q26120200000000…,
// and no two could be told apart. What gives way, in turn: the keys'
// names; the zone, the same in every row, into the time header; the
// identifiers after each row's first, whole ones at a time ("…" says
// some were left out); then, while the first would not fit, the profile
// column when every step is of one profile, and the operation column,
// whole or not at all (the step says what was done; "paoding…" said
// nothing). Only a terminal too narrow for the first identifier beside
// the time, step, outcome and id cuts it.
func fitTerminal(header []string, rows [][]string, oneProfile bool, width int) ([]string, [][]string) {
	if historyshared.TableWidth(header, rows) <= width {
		return header, rows
	}
	keys := len(header) - 1
	historyshared.FitKeys(header, rows, keys, width)
	historyshared.ZoneToHeader(header, rows, 0, width)
	room := func() int {
		others := 0
		for i := range header[:keys] {
			others += columnWidth(header, rows, i) + 2
		}
		return width - others
	}
	first := max(runewidth.StringWidth(header[keys]), historyshared.FirstKeyWidth(rows, keys))
	if room() < first && oneProfile {
		header, rows = historyshared.WithoutColumn(header, rows, 4)
		keys--
	}
	if room() < first {
		header, rows = historyshared.WithoutColumn(header, rows, keys-1)
		keys--
	}
	avail := room()
	for _, r := range rows {
		r[keys] = wholeKeys(r[keys], avail)
	}
	return header, rows
}

// wholeKeys is as many of cell's identifiers as fit in width, the first
// always, with "…" when some were left out and it fits.
func wholeKeys(cell string, width int) string {
	ids := strings.Fields(cell)
	if len(ids) == 0 {
		return cell
	}
	out, w := ids[0], runewidth.StringWidth(ids[0])
	for i, id := range ids[1:] {
		more := 0
		if i+2 < len(ids) {
			more = 2 // " …" after it
		}
		if w+1+runewidth.StringWidth(id)+more > width {
			if w+2 <= width {
				out += " …"
			}
			return out
		}
		out, w = out+" "+id, w+1+runewidth.StringWidth(id)
	}
	return out
}

func columnWidth(header []string, rows [][]string, i int) int {
	w := runewidth.StringWidth(header[i])
	for _, r := range rows {
		w = max(w, runewidth.StringWidth(r[i]))
	}
	return w
}
