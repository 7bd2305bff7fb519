package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestTableFitsTerminalWidth(t *testing.T) {
	long := strings.Repeat("a remark that goes on and on ", 10)
	for _, width := range []int{80, 120} {
		tbl := NewTable(true, "id", "time", "items", "remark").SetWidth(width).Flexible("items", "remark")
		tbl.Row("TT-1", "2026-12-01 01:42:20 +08:00", "钣金喷漆 (维修) ¥1,200.00; 更换前保险杠 (更换) ¥800.00; 四轮定位 (维修) ¥300.00", long)
		tbl.Row("TT-2", "2026-12-02 09:00:00 +08:00", "钣金喷漆 (维修)", "short\nwith a newline")
		var buf bytes.Buffer
		if err := tbl.Render(&buf); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("width %d: %d lines, want a header and 2 rows:\n%s", width, len(lines), buf.String())
		}
		for _, l := range lines {
			if w := runewidth.StringWidth(l); w > width {
				t.Errorf("width %d: line is %d wide: %q", width, w, l)
			}
		}
		if !strings.Contains(lines[1], "TT-1") || !strings.Contains(lines[1], "2026-12-01 01:42:20 +08:00") {
			t.Errorf("width %d: id or time was cut: %q", width, lines[1])
		}
		if !strings.Contains(lines[1], "…") {
			t.Errorf("width %d: the long remark carries no ellipsis: %q", width, lines[1])
		}
		if !strings.Contains(lines[2], "钣金喷漆 (维修)") {
			t.Errorf("width %d: the short item was cut: %q", width, lines[2])
		}
	}
}

// A column marked Whole (a time with its zone) is cut after the others,
// like the first column; without the mark the widest column goes first.
func TestTableCutsWholeColumnsLast(t *testing.T) {
	draw := func(whole bool) string {
		tbl := NewTable(true, "id", "time", "provider", "status").SetWidth(44)
		if whole {
			tbl.Whole("time")
		}
		tbl.Row("12", "2026-12-01 01:42:20 +08:00", "paoding", "failed")
		var buf bytes.Buffer
		if err := tbl.Render(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if out := draw(true); !strings.Contains(out, "2026-12-01 01:42:20 +08:00") || !strings.Contains(out, "12") {
		t.Errorf("the time was cut:\n%s", out)
	}
	if out := draw(false); strings.Contains(out, "2026-12-01 01:42:20 +08:00") {
		t.Errorf("without Whole the widest column is cut first:\n%s", out)
	}
}

func TestTableInPipeKeepsEverything(t *testing.T) {
	long := strings.Repeat("x", 300)
	tbl := NewTable(false, "id", "remark").SetWidth(40)
	tbl.Row("1", long)
	var buf bytes.Buffer
	if err := tbl.Render(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), long) {
		t.Errorf("a pipe lost data: %q", buf.String())
	}
}

func TestTerminalWidthFromCOLUMNS(t *testing.T) {
	t.Setenv("COLUMNS", "132")
	if got := TerminalWidth(); got != 132 {
		t.Errorf("TerminalWidth() = %d with COLUMNS=132", got)
	}
}

// In a pipe a cell's tab or newline would add a column or split the row:
// each row stays one line of tab-separated cells.
func TestTableInPipeKeepsRowsOnOneLine(t *testing.T) {
	tbl := NewTable(false, "id", "remark")
	tbl.Row("1", "line one\nline two\tand a tab\r\nend")
	tbl.Row("2", "plain")
	var buf bytes.Buffer
	if err := tbl.Render(&buf); err != nil {
		t.Fatal(err)
	}
	if want := "id\tremark\n1\tline one line two and a tab end\n2\tplain\n"; buf.String() != want {
		t.Errorf("%q, want %q", buf.String(), want)
	}
}

// A column with shorter forms takes the first that lets the table fit by
// cutting only its free text; the last form, empty, leaves it out. At
// full width nothing changes.
func TestTableShorterFormsBeforeCutting(t *testing.T) {
	draw := func(width int) string {
		tbl := NewTable(true, "id", "plate", "remark", "time").SetWidth(width).Flexible("remark").
			Shorter("time", DateOfTime, func(string) string { return "" })
		tbl.Row("12", "冀A00021", "a remark of some length", "2026-12-01 01:42:20 +08:00")
		var buf bytes.Buffer
		if err := tbl.Render(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for _, c := range []struct {
		width      int
		want, gone string
	}{
		{80, "a remark of some length  2026-12-01 01:42:20 +08:00", "…"},
		{40, "冀A00021  a remark of s…  2026-12-01\n", "01:42"},
		{30, "12  冀A00021  a remark of som…\n", "TIME"},
	} {
		out := draw(c.width)
		if !strings.Contains(out, c.want) || strings.Contains(out, c.gone) {
			t.Errorf("width %d: want %q, not %q:\n%s", c.width, c.want, c.gone, out)
		}
	}
}
