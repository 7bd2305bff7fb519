package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// wantUsage fails unless rec is a usage error on its own line that says
// each of what, in its message or its hint.
func wantUsage(t *testing.T, rec *Record, line int, what ...string) {
	t.Helper()
	if rec.Line != line || rec.Err == nil || failure.KindOf(rec.Err) != failure.Usage || rec.Body != nil {
		t.Fatalf("line %d: want a usage error, got line %d: %v (body %q)", line, rec.Line, rec.Err, rec.Body)
	}
	text := rec.Err.Error() + " / hint: " + hintOf(rec.Err)
	for _, w := range what {
		if !strings.Contains(text, w) {
			t.Errorf("line %d does not say %q: %s", line, w, text)
		}
	}
}

func wantRow(t *testing.T, rec *Record, line int, body string) {
	t.Helper()
	if rec.Line != line || rec.Err != nil || rec.Blank || string(rec.Body) != body {
		t.Fatalf("line %d: want %s, got line %d: %s (err %v, blank %v)", line, body, rec.Line, rec.Body, rec.Err, rec.Blank)
	}
}

// A quote not closed by the end of its line is that line's usage error:
// it used to run on to the end of the input, so that one error swallowed
// every later line and none of them got its result.
func TestAnUnclosedQuoteIsThatLinesErrorAlone(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		in := strings.Join([]string{"id,n", "a,1", `"abc,1`, "b,2", `c,"李四`, "", "d,4"}, eol) + eol
		recs := readAll(t, in, FormatCSV)
		if len(recs) != 6 {
			t.Fatalf("eol %q: %d records for 6 lines after the header", eol, len(recs))
		}
		wantRow(t, recs[0], 2, `{"id":"a","n":"1"}`)
		wantUsage(t, recs[1], 3, "line 3", `field "id"`, "not closed", `""`)
		wantRow(t, recs[2], 4, `{"id":"b","n":"2"}`)
		wantUsage(t, recs[3], 5, "line 5", `field "n"`, "not closed")
		if !recs[4].Blank || recs[4].Line != 6 {
			t.Fatalf("line 6: %+v", recs[4])
		}
		wantRow(t, recs[5], 7, `{"id":"d","n":"4"}`)
	}
}

// One record is one physical line (DESIGN: one result per input line), so
// a quoted value cannot hold a line break: each line of one is its own
// line's error, and the line after them is read as it stands.
func TestAQuotedValueDoesNotRunOntoTheNextLine(t *testing.T) {
	recs := readAll(t, "id\n\"b\nc\"\nd\n", FormatCSV)
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	wantUsage(t, recs[0], 2, "not closed", "one line")
	wantUsage(t, recs[1], 3, `field "id"`, "quote")
	wantRow(t, recs[2], 4, `{"id":"d"}`)
}

// Quotes inside a value: doubled, they are the value's; a stray one names
// the field and shows a well-quoted value.
func TestAStrayQuoteNamesItsField(t *testing.T) {
	recs := readAll(t, "id,note\na,\"5\"\" tyre\"\nb,5\" tyre\nc,\"5\" tyre\"\n", FormatCSV)
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	wantRow(t, recs[0], 2, `{"id":"a","note":"5\" tyre"}`)
	wantUsage(t, recs[1], 3, `field "note"`, `""`)
	wantUsage(t, recs[2], 4, `field "note"`, `""`)
}

// A line with more or fewer values than the header names is that line's
// usage error, naming the field that has no value (or the extra value).
func TestAWrongNumberOfCSVFieldsNamesTheField(t *testing.T) {
	recs := readAll(t, "vin,order_id\nV1\nV2,A2,extra\nV3,A3\n", FormatCSV)
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	wantUsage(t, recs[0], 2, "line 2", "1 value", "order_id", "vin,order_id")
	wantUsage(t, recs[1], 3, "line 3", "3 values", "order_id", "vin,order_id")
	wantRow(t, recs[2], 4, `{"order_id":"A3","vin":"V3"}`)
}

// CRLF endings, a byte order mark, blank lines (before the header too,
// and lines of spaces) and an unterminated last line: each line keeps its
// physical number, a blank one is blank whatever the header's width.
func TestCSVLineEndingsMarkAndBlankLines(t *testing.T) {
	in := "\xEF\xBB\xBF\r\n  \r\nid,city\r\n\r\na,1\r\n \t\r\nb,2"
	recs := readAll(t, in, FormatCSV)
	want := []string{"blank", "blank", "header", "blank", `{"city":"1","id":"a"}`, "blank", `{"city":"2","id":"b"}`}
	if len(recs) != 6 {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
	for i, rec := range recs {
		line := i + 1
		if i >= 2 {
			line++ // the header, line 3, is no record
		}
		w := want[line-1]
		if w == "blank" {
			if !rec.Blank || rec.Line != line || rec.Err != nil {
				t.Fatalf("line %d: want blank, got %+v", line, rec)
			}
			continue
		}
		wantRow(t, rec, line, w)
	}
}

// A header only (a spreadsheet's empty export) holds no request: Read
// says so, after the blank lines that follow it, each with its record.
func TestACSVHeaderOnly(t *testing.T) {
	for in, blanks := range map[string]int{"order_id": 0, "\xEF\xBB\xBForder_id\r\n": 0, "order_id\n\n \n": 2} {
		var recs []*Record
		err := Read(strings.NewReader(in), FormatCSV, func(r *Record) bool { recs = append(recs, r); return true })
		var nr *NoRowsError
		if !errors.As(err, &nr) || strings.Join(nr.Header, ",") != "order_id" || len(recs) != blanks {
			t.Fatalf("%q: %v, %d records", in, err, len(recs))
		}
		for i, r := range recs {
			if !r.Blank || r.Line != i+2 {
				t.Fatalf("%q: %+v", in, r)
			}
		}
	}
}

// A header whose quote is not closed names no field: the input is one
// usage error, saying which line and why.
func TestAnUnclosedQuoteInTheHeader(t *testing.T) {
	err := Read(strings.NewReader("\"vin,order_id\nV1,A1\n"), FormatCSV, func(r *Record) bool { t.Fatalf("a record: %+v", r); return false })
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "header") || !strings.Contains(err.Error(), "not closed") {
		t.Fatalf("%v", err)
	}
}

// A header naming a field twice, or a value and a member under it, is the
// whole input's error: every line would lose one of the two values.
func TestAHeaderWhoseColumnsClash(t *testing.T) {
	for header, want := range map[string]string{
		"vin,order_id,vin":         `"vin" twice (columns 1 and 3)`,
		"holder,holder.mobile,vin": `"holder" (column 1) and "holder.mobile" (column 2)`,
		"holder.mobile,vin,holder": `"holder.mobile" (column 1) and "holder" (column 3)`,
	} {
		err := Read(strings.NewReader(header+"\nA,B,C\n"), FormatCSV, func(r *Record) bool { t.Fatalf("%s: a record: %+v", header, r); return false })
		if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", header, err)
		}
	}
	// Names that only share a beginning do not clash.
	recs := readAll(t, "holder.name,holder.mobile,holderx\nA,B,C\n", FormatCSV)
	if len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%+v", recs)
	}
}

// A CSV line is at most MaxLineSize bytes, its line ending not counted,
// as a JSON Lines one is.
func TestACSVLineOfExactlyMaxLineSizeIsAccepted(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", ""} {
		for _, size := range []int{MaxLineSize, MaxLineSize + 1} {
			in := "id\nb\n" + strings.Repeat("a", size) + eol
			recs := readAll(t, in, FormatCSV)
			if len(recs) != 2 || recs[0].Err != nil {
				t.Fatalf("eol %q, size %d: %d records", eol, size, len(recs))
			}
			tooLong := recs[1].Err != nil && strings.Contains(recs[1].Err.Error(), "longer than")
			if tooLong != (size > MaxLineSize) || recs[1].Line != 3 {
				t.Fatalf("eol %q, a line of %d bytes: line %d, %v", eol, size, recs[1].Line, recs[1].Err)
			}
		}
	}
}

// A line of many megabytes (a runaway export) is refused as too long
// without being read into memory whole, and the lines after it are read.
// Memory is measured as bytes allocated while reading (not time): holding
// the line would allocate it at least once.
func TestAHugeCSVLineIsRefusedWithoutHoldingIt(t *testing.T) {
	const huge = 16 << 20
	long := strings.Repeat("x", huge)
	in := "id,note\na," + long + "\nb,2\r\n\"c," + long + "\nd,4\ne," + long
	var recs []*Record
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := Read(strings.NewReader(in), FormatCSV, func(r *Record) bool { recs = append(recs, r); return true })
	runtime.ReadMemStats(&after)
	if err != nil || len(recs) != 5 {
		t.Fatalf("%v, %d records", err, len(recs))
	}
	wantUsage(t, recs[0], 2, "line 2", "longer than")
	wantRow(t, recs[1], 3, `{"id":"b","note":"2"}`)
	wantUsage(t, recs[2], 4, "line 4", "longer than")
	wantRow(t, recs[3], 5, `{"id":"d","note":"4"}`)
	wantUsage(t, recs[4], 6, "line 6", "longer than")
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > huge/2 {
		t.Errorf("reading three lines of %d MiB allocated %d MiB: a line is held whole", huge>>20, alloc>>20)
	}
}

// Through the engine: every line after the header gets exactly one
// output line, under its physical number, whatever the lines before it
// held; the batch's exit code is the usage errors'.
func TestEveryCSVLineGetsItsOwnResult(t *testing.T) {
	in := "\xEF\xBB\xBFid,n\r\na,1\r\n\"abc,1\r\n\r\nb\r\n" + strings.Repeat("y", 3<<20) + "\r\nc,\"3, three\"\r\nd,4,4\r\ne,5"
	var out bytes.Buffer
	sum, err := Run(t.Context(), Options{In: strings.NewReader(in), Format: FormatCSV, Out: &out,
		Adapter: Adapter{Echo: [][]string{{"id"}}, Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) { return rec.Body, nil }}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ok", "usage", "blank", "usage", "usage", "ok", "usage", "ok"}
	got := lines(t, out.String())
	if len(got) != len(want) || sum.ExitCode != failure.ExitUsage {
		t.Fatalf("%d output lines for %d, exit %d:\n%s", len(got), len(want), sum.ExitCode, out.String())
	}
	for i, l := range got {
		if l.Line != i+2 || l.Outcome != want[i] {
			t.Errorf("output %d: line %d %s, want line %d %s", i, l.Line, l.Outcome, i+2, want[i])
		}
	}
	if got[5].Input["id"] != "c" || !strings.Contains(string(got[5].Result), `"3, three"`) || got[7].Input["id"] != "e" {
		t.Errorf("rows after the errors: %+v %+v", got[5], got[7])
	}
}

// An input that is already a bufio.Reader with a larger buffer than the
// line reader's (bufio hands it on as it is) gives larger chunks: a long
// line read from it is refused all the same.
func TestALongLineFromALargerBufferedReader(t *testing.T) {
	for _, format := range []string{FormatCSV, FormatJSONL} {
		in := "id\n" + strings.Repeat("z", 3<<20) + "\n{\"id\":\"b\"}\n"
		var recs []*Record
		err := Read(bufio.NewReaderSize(strings.NewReader(in), 4<<20), format, func(r *Record) bool { recs = append(recs, r); return true })
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: %v, %d records", format, err, len(recs))
		}
		long := recs[len(recs)-2]
		if long.Line != 2 || long.Err == nil || !strings.Contains(long.Err.Error(), "longer than") {
			t.Fatalf("%s: %+v", format, long)
		}
	}
}

// Excel's ="0123" (a value kept as text), bare or quoted as a whole, is
// the text between its quotes: it was refused as a stray quote, with a
// hint that did not say why.
func TestExcelTextValuesAreTheirText(t *testing.T) {
	in := "vin,brand_factory,order_id\n" +
		`="LSVAU2180N2100003",="20",QA-3` + "\n" +
		`"=""LSVAU2180N2100004""",20,"QA-4,x"` + "\n" +
		`LSVAU2180N2100005,20,="QA-5"` + "\n"
	recs := readAll(t, in, FormatCSV)
	want := []string{"LSVAU2180N2100003 20 QA-3", "LSVAU2180N2100004 20 QA-4,x", "LSVAU2180N2100005 20 QA-5"}
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for i, r := range recs {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
		if got := r.Str("vin") + " " + r.Str("brand_factory") + " " + r.Str("order_id"); got != want[i] {
			t.Errorf("line %d: %q, want %q", r.Line, got, want[i])
		}
	}
	// Unclosed, it is still the line's quoting error.
	if recs := readAll(t, "vin\n=\"LSVAU2180N2100005\n", FormatCSV); recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), "not closed") {
		t.Fatalf("unclosed: %v", recs[0].Err)
	}
}

// CSV exports joined with cat repeat their header, often after a byte
// order mark: the names were sent as a line's values (the order id
// "order_id"), the mark went out at the start of the first value.
func TestJoinedCSVExportsRefuseTheRepeatedHeader(t *testing.T) {
	in := "\xEF\xBB\xBForder_id,vin\r\nA1,LSVAU2180N2183294\r\n\xEF\xBB\xBForder_id,vin\r\n\xEF\xBB\xBFA2,LSVAU2180N2183295\r\n \"order_id\" , vin\r\n"
	recs := readAll(t, in, FormatCSV)
	if len(recs) != 4 {
		t.Fatalf("%d records for 4 lines after the header", len(recs))
	}
	wantRow(t, recs[0], 2, `{"order_id":"A1","vin":"LSVAU2180N2183294"}`)
	wantUsage(t, recs[1], 3, "line 3: repeats the header row (order_id,vin)", "nothing was sent", "tail -n +2")
	wantRow(t, recs[2], 4, `{"order_id":"A2","vin":"LSVAU2180N2183295"}`)
	wantUsage(t, recs[3], 5, "line 5: repeats the header row")
	if n, err := CountRecords(strings.NewReader(in+"\xEF\xBB\xBF\n"), FormatCSV); err != nil || n != 4 {
		t.Errorf("CountRecords: %d, %v; want the 4 lines read", n, err)
	}
}

// Spaces around a quoted value (hand-written CSV: a, "b" ,c) were
// refused as a quote inside the value; every value is trimmed anyway.
func TestSpacesAroundAQuotedValueAreNotAQuoteProblem(t *testing.T) {
	recs := readAll(t, " \"plate\" ,\t\"city\"\n\"京A12345\" , \"北京, 海淀\"\t\nA1,  \"x\"\"y\"  \n\"a\" b,c\n", FormatCSV)
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	wantRow(t, recs[0], 2, `{"city":"北京, 海淀","plate":"京A12345"}`)
	wantRow(t, recs[1], 3, `{"city":"x\"y","plate":"A1"}`)
	wantUsage(t, recs[2], 4, `field "plate"`, "quote")
}

// JSON Lines read as CSV (a .csv name) was refused as "column 1 holds a
// quote but does not start with one", and a tab-separated export as a
// header name holding U+0009 with no word of tabs: each says what it is.
func TestAHeaderRowThatIsNotCSVSaysWhatItIs(t *testing.T) {
	for in, want := range map[string][]string{
		`{"order_id":"A1"}` + "\n":       {"line 1: the CSV header row is JSON", "--input-format jsonl"},
		` [{"order_id":"A1"}]` + "\n":    {"is JSON Lines", "--input-format jsonl"},
		"order_id\tvin\nA1\tLSVAU2\n":    {"separated by tabs", "tab-separated", "CSV UTF-8"},
		"\"order_id\"\t\"vin\"\nA1\tB\n": {"separated by tabs"},
		"order_id,vin\tengine\nA,B\n":    {"U+0009", "tab-separated"},
	} {
		err := Read(strings.NewReader(in), FormatCSV, func(*Record) bool { return true })
		text := ""
		if err != nil {
			text = err.Error() + " / hint: " + hintOf(err)
		}
		for _, w := range want {
			if exitCode(err) != 2 || !strings.Contains(text, w) {
				t.Errorf("%q: exit %d, %s; want %q", in, exitCode(err), text, w)
			}
		}
	}
}
