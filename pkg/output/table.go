package output

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table collects rows and draws them: aligned columns on a terminal,
// tab-separated values when stdout is a pipe (as gh does), so `-o table`
// in a script is still easy to cut.
//
// On a terminal a table never wraps a row: it is fitted to the terminal's
// width (TerminalWidth, or SetWidth) by cutting its widest free-text
// columns with an ellipsis. JSON and the tab-separated form keep every
// character, except that the tab-separated form keeps each row on one
// line (tsvRow).
type Table struct {
	header []string
	rows   [][]string
	tty    bool
	width  int    // 0: TerminalWidth()
	flex   []bool // free-text columns, cut first; none marked: any column
	keep   []bool // columns cut last, with the first
	// shorter are columns' shorter forms (by column), tried in turn
	// before anything but free text is cut.
	shorter map[int][]func(string) string
	// continued draws no header: the table goes on from one drawn before
	// (a long list drawn in blocks), whose header still names its columns.
	continued bool
}

// NewTable starts a table for a terminal (tty) or a pipe.
func NewTable(tty bool, header ...string) *Table {
	return &Table{header: header, tty: tty}
}

// SetWidth fits the table to n columns instead of the terminal's width.
func (t *Table) SetWidth(n int) *Table { t.width = n; return t }

// Flexible marks the free-text columns (by header) that are cut first
// when the table is too wide; ids and amounts then keep every character.
func (t *Table) Flexible(headers ...string) *Table {
	t.flex = t.columns(headers)
	return t
}

// Whole marks the columns (by header) that are cut last, with the first
// column: a time, whose zone is at its end, is no use cut.
func (t *Table) Whole(headers ...string) *Table {
	t.keep = t.columns(headers)
	return t
}

// Shorter gives a column (by header) shorter forms of its cells, each a
// function of the cell as added, tried in turn when the table is too wide
// and would otherwise cut more than its Flexible columns: a time can drop
// its clock rather than the plate beside it be cut. A form that leaves
// every cell empty leaves the column out. Pipes keep the full cells.
func (t *Table) Shorter(header string, forms ...func(string) string) *Table {
	for i, marked := range t.columns([]string{header}) {
		if marked {
			if t.shorter == nil {
				t.shorter = map[int][]func(string) string{}
			}
			t.shorter[i] = forms
		}
	}
	return t
}

// columns marks the columns whose header is one of headers (any case).
func (t *Table) columns(headers []string) []bool {
	marked := make([]bool, len(t.header))
	for i, h := range t.header {
		for _, want := range headers {
			if strings.EqualFold(h, want) {
				marked[i] = true
			}
		}
	}
	return marked
}

// Continued leaves the header out: the rows continue a table already drawn
// with it. The header still marks Flexible and Whole columns.
func (t *Table) Continued() *Table { t.continued = true; return t }

// Row adds a row.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Render draws the table.
func (t *Table) Render(w io.Writer) error {
	if !t.tty {
		if len(t.header) > 0 && !t.continued {
			fmt.Fprintln(w, tsvRow(t.header))
		}
		for _, r := range t.rows {
			fmt.Fprintln(w, tsvRow(r))
		}
		return nil
	}
	var buf bytes.Buffer
	if err := t.draw(&buf); err != nil {
		return err
	}
	// Padding follows every column, the last one too: trailing blanks
	// would push a row that fits exactly onto a second line.
	lines := strings.SplitAfter(buf.String(), "\n")
	for i, l := range lines {
		nl := strings.HasSuffix(l, "\n")
		l = trailingBlanks().ReplaceAllString(strings.TrimSuffix(l, "\n"), "$1")
		if nl {
			l += "\n"
		}
		lines[i] = l
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// tsvRow joins cells with tabs. A tab, newline or carriage return inside
// a cell (a provider's remark) becomes a space: it would otherwise add a
// column or split the row in two for cut, awk or a spreadsheet. Every
// other character is kept.
func tsvRow(cells []string) string {
	if !slices.ContainsFunc(cells, func(c string) bool { return strings.ContainsAny(c, "\t\r\n") }) {
		return strings.Join(cells, "\t")
	}
	clean := make([]string, len(cells))
	for i, c := range cells {
		clean[i] = tsvSpaces.Replace(c)
	}
	return strings.Join(clean, "\t")
}

var tsvSpaces = strings.NewReplacer("\r\n", " ", "\t", " ", "\r", " ", "\n", " ")

// fitted returns the header and rows cut to the table's width: with the
// shorter forms of the first level (Shorter) at which only free text is
// cut, or the last level when none is.
func (t *Table) fitted() (header []string, rows [][]string) {
	clean := func(s string) string { return oneLine(iostreams.SanitizeKeepColor(s)) }
	levels := 0
	for _, forms := range t.shorter {
		levels = max(levels, len(forms))
	}
	total := t.width
	if total <= 0 {
		total = TerminalWidth()
	}
	var fit []int
	for level := 0; ; level++ {
		header = make([]string, len(t.header))
		for i, h := range t.header {
			header[i] = strings.ToUpper(clean(h))
		}
		rows = make([][]string, len(t.rows))
		for i, r := range t.rows {
			rows[i] = make([]string, len(r))
			for j, c := range r {
				if forms := t.shorter[j]; level > 0 && len(forms) > 0 {
					c = forms[min(level, len(forms))-1](c)
				}
				rows[i][j] = clean(c)
			}
		}
		flex := slices.Clone(t.flex)
		keep := slices.Clone(t.keep)
		header, rows, flex, keep = t.withoutEmptied(level, header, rows, flex, keep)
		var widths []int
		fit, widths = t.fit(header, rows, flex, keep, total)
		if level >= levels || onlyFlexCut(widths, fit, flex) {
			break
		}
	}
	for i, h := range header {
		header[i] = truncateCell(h, fit[i])
	}
	for _, r := range rows {
		for j, c := range r {
			r[j] = truncateCell(c, fit[j])
		}
	}
	return header, rows
}

// fit measures the columns and fits them to total.
func (t *Table) fit(header []string, rows [][]string, flex, keep []bool, total int) (fit, widths []int) {
	n := len(header)
	for _, r := range rows {
		n = max(n, len(r))
	}
	widths = make([]int, n)
	for i, h := range header {
		if !t.continued {
			widths[i] = cellWidth(h)
		}
	}
	for _, r := range rows {
		for j, c := range r {
			widths[j] = max(widths[j], cellWidth(c))
		}
	}
	flexN := make([]bool, n)
	copy(flexN, flex)
	return fitColumns(widths, flexN, keep, total, len(cellGap)), widths
}

// onlyFlexCut says whether fit cuts nothing but the Flexible columns
// (when none is marked, whether it cuts nothing).
func onlyFlexCut(widths, fit []int, flex []bool) bool {
	for i := range widths {
		if fit[i] < widths[i] && (i >= len(flex) || !flex[i]) {
			return false
		}
	}
	return true
}

// withoutEmptied leaves out the columns whose shorter form at level left
// every cell empty.
func (t *Table) withoutEmptied(level int, header []string, rows [][]string, flex, keep []bool) ([]string, [][]string, []bool, []bool) {
	if level == 0 || len(rows) == 0 {
		return header, rows, flex, keep
	}
	for i := len(header) - 1; i >= 0; i-- {
		if len(t.shorter[i]) == 0 || slices.ContainsFunc(rows, func(r []string) bool { return i < len(r) && r[i] != "" }) {
			continue
		}
		drop := func(cells []string) []string {
			if i >= len(cells) {
				return cells
			}
			return slices.Delete(cells, i, i+1)
		}
		dropB := func(marks []bool) []bool {
			if i >= len(marks) {
				return marks
			}
			return slices.Delete(marks, i, i+1)
		}
		header = drop(header)
		for j := range rows {
			rows[j] = drop(rows[j])
		}
		flex, keep = dropB(flex), dropB(keep)
	}
	return header, rows, flex, keep
}

// trailingBlanks matches the padding at the end of a line, also when a
// colour reset follows it. Compiled on first use, not at every start.
var trailingBlanks = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` +((?:\x1b\[[0-9;]*m)*)$`) })

// cellGap separates columns.
const cellGap = "  "

func (t *Table) draw(w io.Writer) error {
	header, rows := t.fitted()
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off},
			},
			Symbols: tw.NewSymbols(tw.StyleNone),
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: cellGap, Overwrite: true}),
	)
	if len(header) > 0 && !t.continued {
		hdr := make([]any, len(header))
		for i, h := range header {
			hdr[i] = h
		}
		tbl.Header(hdr...)
	}
	for _, r := range rows {
		cells := make([]any, len(r))
		for i, c := range r {
			cells[i] = c
		}
		if err := tbl.Append(cells...); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// KeyValues is a two-column "label: value" block for one record.
type KeyValues struct {
	keys, values []string
}

// NewKeyValues starts an empty block.
func NewKeyValues() *KeyValues { return &KeyValues{} }

// Add appends a line.
func (k *KeyValues) Add(key, value string) {
	k.keys = append(k.keys, key)
	k.values = append(k.values, value)
}

// Render writes the block with labels padded to one width.
func (k *KeyValues) Render(w io.Writer) error {
	width := 0
	for _, key := range k.keys {
		if n := displayWidth(key); n > width {
			width = n
		}
	}
	for i, key := range k.keys {
		pad := strings.Repeat(" ", width-displayWidth(key))
		if _, err := fmt.Fprintf(w, "%s:%s %s\n", key, pad, k.values[i]); err != nil {
			return err
		}
	}
	return nil
}
