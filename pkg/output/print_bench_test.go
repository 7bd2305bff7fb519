package output

import (
	"fmt"
	"io"
	"testing"
)

// benchRow is a row of a policy listing, the shape `history list` and the
// quote commands print.
type benchRow struct {
	ID       string  `json:"id"`
	Provider string  `json:"provider"`
	Number   string  `json:"number"`
	Holder   string  `json:"holder"`
	Premium  float64 `json:"premium"`
	Status   string  `json:"status"`
}

func benchRows() []benchRow {
	rows := make([]benchRow, 1000)
	for i := range rows {
		rows[i] = benchRow{ID: fmt.Sprint(i + 1), Provider: "ebao", Number: fmt.Sprintf("Q261123%010d", i+1),
			Holder: "张三 Shop.Zhang", Premium: 1234.56 + float64(i), Status: "EFFECTIVE"}
	}
	return rows
}

func benchResult(rows []benchRow, tty bool) Result {
	return Result{Data: rows, Table: func(w io.Writer) error {
		t := NewTable(tty, "ID", "PROVIDER", "NUMBER", "HOLDER", "PREMIUM", "STATUS")
		for _, r := range rows {
			t.Row(r.ID, r.Provider, r.Number, r.Holder, fmt.Sprintf("%.2f", r.Premium), r.Status)
		}
		return t.Render(w)
	}}
}

// BenchmarkPrint1000 prints 1,000 rows in each format.
func BenchmarkPrint1000(b *testing.B) {
	rows := benchRows()
	for _, c := range []struct {
		name string
		o    Options
		tty  bool
	}{
		{"table", Options{Format: "table"}, false},
		{"table-tty", Options{Format: "table"}, true},
		{"json", Options{Format: "json"}, false},
		{"json-pretty", Options{Format: "json", Pretty: true}, false},
		{"yaml", Options{Format: "yaml"}, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := benchResult(rows, c.tty)
			b.ReportAllocs()
			for b.Loop() {
				if err := Print(io.Discard, c.o, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
