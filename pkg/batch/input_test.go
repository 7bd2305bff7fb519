package batch

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

func hintOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}

// A pretty-printed request (what `insure example` prints, what -f reads)
// given to --batch is not JSON Lines: every line of it must say so and
// how to fix it, in words, not in Go's decoder's (`Go value of type
// map[string]interface {}`).
func TestAPrettyPrintedFileSaysEachRequestGoesOnOneLine(t *testing.T) {
	pretty := "{\n  \"channelCode\": \"AXA_TP\",\n  \"policyHolder\": {\n    \"PH001\": \"Shop.Zhang\"\n  }\n}\n"
	var msgs, hints []string
	if err := Read(strings.NewReader(pretty), FormatJSONL, func(rec *Record) bool {
		if rec.Err == nil {
			t.Fatalf("line %d accepted: %s", rec.Line, rec.Body)
		}
		msgs = append(msgs, rec.Err.Error())
		hints = append(hints, hintOf(rec.Err))
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 6 {
		t.Fatalf("%d lines: %q", len(msgs), msgs)
	}
	for i, m := range msgs {
		if strings.Contains(m, "Go value") || strings.Contains(m, "interface") {
			t.Errorf("line %d speaks Go: %s", i+1, m)
		}
		if !strings.Contains(m, "one line") || !strings.Contains(hints[i], "jq -c") {
			t.Errorf("line %d does not say a request goes on one line, or how: %s / hint %q", i+1, m, hints[i])
		}
	}
	if !strings.Contains(msgs[0], "does not end on this line") || !strings.Contains(msgs[1], "a JSON string") {
		t.Errorf("what the lines hold is not named: %q", msgs[:2])
	}
}

// Other lines that are JSON but not an object name what they are.
func TestALineThatIsNotAnObjectNamesWhatItIs(t *testing.T) {
	for in, want := range map[string]string{
		"[1,2]":      "a JSON array",
		"null":       "JSON null",
		"42":         "a JSON number",
		"true":       "a JSON true or false",
		"{bad":       "not valid JSON",
		"{} {}":      "more than one JSON value",
		`"a string"`: "a JSON string",
		// A CSV line read as JSON Lines: the character, not its first
		// byte read as Latin-1 ('ä').
		"京J97896,1":   `not valid JSON ('京' at byte 1)`,
		`{"plate":京}`: `not valid JSON ('京' at byte 10)`,
	} {
		var got string
		_ = Read(strings.NewReader(in+"\n"), FormatJSONL, func(rec *Record) bool {
			if rec.Err != nil {
				got = rec.Err.Error()
			}
			return true
		})
		if !strings.Contains(got, want) || strings.Contains(got, "Go value") {
			t.Errorf("%s: %q, want it to say %q", in, got, want)
		}
	}
}

// A batch's output line fed to the next batch as it stands (quote's
// output piped into issue) is not a request: it must be refused as such,
// with how to pick the fields, not sent or reported field by field as a
// request missing every member.
func TestABatchOutputLineIsNotTakenForARequest(t *testing.T) {
	out := `{"line":2,"input":{"plate":"沪A00002"},"outcome":"ok","exit_code":0,"result":{"quotationNumber":"Q2612010000000001"}}`
	var got *Record
	_ = Read(strings.NewReader(out+"\n"), FormatJSONL, func(rec *Record) bool { got = rec; return true })
	if got == nil || got.Err == nil {
		t.Fatalf("accepted as a request: %+v", got)
	}
	if msg := got.Err.Error(); !strings.Contains(msg, "output of a batch") || !strings.Contains(hintOf(got.Err), "jq -c") {
		t.Errorf("%s / hint %q", msg, hintOf(got.Err))
	}
}

func readAll(t *testing.T, in, format string) []*Record {
	t.Helper()
	var recs []*Record
	if err := Read(strings.NewReader(in), format, func(rec *Record) bool {
		recs = append(recs, rec)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return recs
}

// A spreadsheet's "CSV UTF-8" export starts with a byte order mark and
// may quote its header's names: the mark is not a bare quote before the
// first name (it made the whole file a usage error, nothing sent).
func TestCSVWithAByteOrderMarkBeforeAQuotedHeader(t *testing.T) {
	recs := readAll(t, "\xEF\xBB\xBF\"order_id\",\"vin\"\r\n\"A1\",\"LSVAU2180N2183294\"\r\n", FormatCSV)
	if len(recs) != 1 || recs[0].Err != nil || recs[0].Str("order_id") != "A1" || recs[0].Str("vin") != "LSVAU2180N2183294" || recs[0].Line != 2 {
		t.Fatalf("%+v", recs)
	}
}

// A line in a legacy encoding (a GBK export from a spreadsheet) is that
// line's usage error, saying how to convert the file: decoded as it
// stood, its plate or order id became U+FFFD and was sent so.
func TestALineThatIsNotUTF8IsItsUsageError(t *testing.T) {
	gbkPlate := "\xd4\xc1B12346" // 粤B12346 in GBK
	for _, tc := range []struct{ format, in string }{
		{FormatCSV, "plate,city\n" + gbkPlate + ",1\n粤B12347,1\n"},
		{FormatJSONL, `{"plate":"x"}` + "\n" + `{"plate":"` + gbkPlate + `","city":"1"}` + "\n"},
	} {
		recs := readAll(t, tc.in, tc.format)
		if len(recs) != 2 {
			t.Fatalf("%s: %d records", tc.format, len(recs))
		}
		bad, good := recs[0], recs[1]
		if tc.format == FormatJSONL {
			bad, good = recs[1], recs[0]
		}
		if bad.Err == nil || failure.KindOf(bad.Err) != failure.Usage || !strings.Contains(bad.Err.Error(), "not UTF-8") ||
			!strings.Contains(hintOf(bad.Err), "iconv") || bad.Body != nil {
			t.Fatalf("%s: line %d: %v (body %q)", tc.format, bad.Line, bad.Err, bad.Body)
		}
		if good.Err != nil {
			t.Fatalf("%s: line %d: %v", tc.format, good.Line, good.Err)
		}
	}
	// A header that is not UTF-8 names no field.
	if err := Read(strings.NewReader("\xd4\xc1\nx\n"), FormatCSV, func(*Record) bool { return true }); err == nil || !strings.Contains(err.Error(), "not UTF-8") {
		t.Fatalf("header: %v", err)
	}
}

// A line is at most MaxLineSize bytes, its line ending (LF or CRLF) not
// counted: one of exactly that size was refused as too long.
func TestALineOfExactlyMaxLineSizeIsAccepted(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", ""} {
		for _, size := range []int{MaxLineSize, MaxLineSize + 1} {
			pre, suf := `{"order_id":"`, `"}`
			line := pre + strings.Repeat("a", size-len(pre)-len(suf)) + suf
			in := line + eol + "{\"order_id\":\"B\"}\n"
			if eol == "" { // the last line, unterminated
				in = "{\"order_id\":\"B\"}\n" + line
			}
			recs := readAll(t, in, FormatJSONL)
			if eol == "" && len(recs) == 2 {
				recs[0], recs[1] = recs[1], recs[0]
			}
			if len(recs) != 2 || recs[1].Err != nil {
				t.Fatalf("eol %q, size %d: %d records", eol, size, len(recs))
			}
			tooLong := recs[0].Err != nil && strings.Contains(recs[0].Err.Error(), "longer than")
			if tooLong != (size > MaxLineSize) {
				t.Fatalf("eol %q, a line of %d bytes: %v", eol, size, recs[0].Err)
			}
		}
	}
}

// The progress bar's total (CountRecords) is the number of lines the
// readers send: blank lines, a CSV header and a line holding only a byte
// order mark are not counted.
func TestCountRecordsMatchesWhatIsRead(t *testing.T) {
	for _, tc := range []struct{ in, format string }{
		{"\uFEFF\n{\"a\":1}\n\n{\"a\":2}\n", FormatJSONL},
		{"\uFEFF{\"a\":1}\n  \t\n{\"a\":2}", FormatJSONL},
		{"\uFEFF\nid\nA\n\nB\r\n", FormatCSV},
		{"\uFEFFid\nA\n", FormatCSV},
	} {
		sent := 0
		for _, r := range readAll(t, tc.in, tc.format) {
			if !r.Blank {
				sent++
			}
		}
		n, err := CountRecords(strings.NewReader(tc.in), tc.format)
		if err != nil || n != int64(sent) {
			t.Errorf("%q: CountRecords %d (%v), the reader sends %d", tc.in, n, err, sent)
		}
	}
}

// A CSV file read as JSON Lines (--input-format jsonl, a .json name) had
// every line told that a request printed over several lines goes to -f.
// A line that reads as CSV says to read the input as CSV; a JSON value
// that is not an object, and a pretty-printed request, keep their hints.
func TestACSVLineReadAsJSONLinesSaysToReadItAsCSV(t *testing.T) {
	in := "\ufeffvin,brand_factory\r\nLSVAU2180N2100001,20\r\norder_id\r\n20,LSVAU2180N2100001\r\n42\r\n}\r\n"
	var hints []string
	if err := Read(strings.NewReader(in), FormatJSONL, func(rec *Record) bool {
		hints = append(hints, hintOf(rec.Err))
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if len(hints) != 6 {
		t.Fatalf("%d lines: %q", len(hints), hints)
	}
	for i, h := range hints[:4] {
		if !strings.Contains(h, "--input-format csv") {
			t.Errorf("line %d: hint %q does not say to read the input as CSV", i+1, h)
		}
	}
	for i, h := range hints[4:] {
		if strings.Contains(h, "--input-format csv") || !strings.Contains(h, "jq -c") {
			t.Errorf("line %d: hint %q", i+5, h)
		}
	}
}
