package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table collects rows and draws them: aligned columns on a terminal,
// tab-separated values when stdout is a pipe (as gh does), so `-o table`
// in a script is still easy to cut.
type Table struct {
	header []string
	rows   [][]string
	tty    bool
}

// NewTable starts a table for a terminal (tty) or a pipe.
func NewTable(tty bool, header ...string) *Table {
	return &Table{header: header, tty: tty}
}

// Row adds a row.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Render draws the table.
func (t *Table) Render(w io.Writer) error {
	if !t.tty {
		if len(t.header) > 0 {
			fmt.Fprintln(w, strings.Join(t.header, "\t"))
		}
		for _, r := range t.rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return nil
	}
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
		tablewriter.WithPadding(tw.Padding{Left: "", Right: "  ", Overwrite: true}),
	)
	if len(t.header) > 0 {
		hdr := make([]any, len(t.header))
		for i, h := range t.header {
			hdr[i] = strings.ToUpper(h)
		}
		tbl.Header(hdr...)
	}
	for _, r := range t.rows {
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
