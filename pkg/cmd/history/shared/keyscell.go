package shared

import (
	"sort"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Numbers are the keys that name one transaction (a policy, a quotation,
// an order, a purchase session): what a reader of a table looks for.
var Numbers = map[string]bool{
	"quotationNumber": true, "proposalNumber": true, "policyNumber": true,
	"orderId": true, "platformOrderId": true, "sessionId": true,
	"proposalNo": true, "policyNo": true, "endorsementNumber": true,
}

// specific ranks the numbers by how closely they name one row: an
// endorsement or a policy before the quotation it came from, a
// quotation before the order or session it was part of. Others follow.
var specific = []string{"endorsementNumber", "policyNumber", "policyNo", "proposalNumber", "proposalNo",
	"quotationNumber", "orderId", "platformOrderId", "sessionId"}

func rank(name string) int {
	for i, n := range specific {
		if n == name {
			return i
		}
	}
	return len(specific)
}

// KeysCell is a table's keys column: the transaction's numbers first, the
// most specific first (specific), then the rest (plate, VIN...) sorted,
// since a narrow terminal keeps the cell's start and a row's own number
// is what tells it from its neighbours. A personal value's salted hash
// tells a reader nothing and, at 34 characters each, pushed the
// identifiers off the terminal; JSON keeps it. So does doctor's probe
// mark, which the outcome column says (ProbeNote).
func KeysCell(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		if strings.HasPrefix(v, "h:") || k == ProbeKey {
			continue
		}
		parts = append(parts, k+"="+v)
	}
	sort.Slice(parts, func(i, j int) bool {
		ki, kj := strings.SplitN(parts[i], "=", 2)[0], strings.SplitN(parts[j], "=", 2)[0]
		if ri, rj := rank(ki), rank(kj); ri != rj {
			return ri < rj
		}
		return parts[i] < parts[j]
	})
	return strings.Join(parts, " ")
}

// KeyValuesCell is a keys cell without the keys' names, for a terminal too
// narrow for the whole cell: at 80 columns "quotationNu…" told a reader
// nothing, while "Q2612020000000002 沪A6U615" names the quotation and the
// car (the numbers, plates and VINs say what they are).
func KeyValuesCell(cell string) string {
	parts := strings.Fields(cell)
	for i, p := range parts {
		if _, v, ok := strings.Cut(p, "="); ok {
			parts[i] = v
		}
	}
	return strings.Join(parts, " ")
}

// FitKeys gives a terminal table's keys column (index i of each row) its
// values-only form when the whole rows would be wider than width: the
// names give way before the identifiers are cut.
func FitKeys(header []string, rows [][]string, i, width int) {
	if TableWidth(header, rows) <= width {
		return
	}
	for _, r := range rows {
		r[i] = KeyValuesCell(r[i])
	}
}

// TableWidth is how wide header and rows are with every cell whole, two
// columns between cells as a table sets them.
func TableWidth(header []string, rows [][]string) int {
	total := 0
	for i, h := range header {
		w := runewidth.StringWidth(h)
		for _, r := range rows {
			w = max(w, runewidth.StringWidth(r[i]))
		}
		total += w
	}
	return total + 2*(len(header)-1)
}

// FirstKeyWidth is the widest first identifier of the keys column i:
// the transaction's number, which a cut must leave whole.
func FirstKeyWidth(rows [][]string, i int) int {
	w := 0
	for _, r := range rows {
		if f := strings.Fields(r[i]); len(f) > 0 {
			w = max(w, runewidth.StringWidth(f[0]))
		}
	}
	return w
}

// ZoneToHeader moves the zone every time cell of column i ends with
// ("2026-12-02 06:44:14 +08:00") into the column's header ("time
// (+08:00)") when the rows are wider than width: on a narrow terminal
// the zone, the same in every row, took 7 of each row's columns from the
// provider and operation, which were cut to "paod…" and "repo…".
func ZoneToHeader(header []string, rows [][]string, i, width int) {
	if len(rows) == 0 || TableWidth(header, rows) <= width {
		return
	}
	_, zone, ok := strings.Cut(rows[0][i], " +")
	if !ok {
		if _, zone, ok = strings.Cut(rows[0][i], " -"); !ok {
			return
		}
		zone = "-" + zone
	} else {
		zone = "+" + zone
	}
	for _, r := range rows {
		if !strings.HasSuffix(r[i], " "+zone) {
			return
		}
	}
	for _, r := range rows {
		r[i] = strings.TrimSuffix(r[i], " "+zone)
	}
	header[i] += " (" + zone + ")"
}
