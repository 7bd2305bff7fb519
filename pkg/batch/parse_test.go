package batch

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// exitCode is the exit code err would give (0 for no failure.Error).
func exitCode(err error) int {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.ExitCode()
	}
	return 0
}

// readRecords reads in as format and returns every record.
func readRecords(t *testing.T, in, format string) []*Record {
	t.Helper()
	var recs []*Record
	if err := Read(strings.NewReader(in), format, func(r *Record) bool { recs = append(recs, r); return true }); err != nil {
		t.Fatal(err)
	}
	return recs
}

// A stray '}' or ']' after a line's object passed (Decoder.More is false
// before one) and the line was signed and sent with it: it is the line's
// usage error, as -f refuses such a body.
func TestDataAfterALinesObjectIsItsUsageError(t *testing.T) {
	for _, in := range []string{`{"order_id":"NOPE1"}}`, `{"order_id":"NOPE1"}]`, `{"a":{"b":[1]}}]]`, `{"order_id":"NOPE1"} x`, "{\"a\":1}\u00a0"} {
		recs := readRecords(t, in+"\n", FormatJSONL)
		if len(recs) != 1 || recs[0].Err == nil {
			t.Errorf("%s: accepted as %s", in, recs[0].Body)
			continue
		}
		if msg := recs[0].Err.Error(); exitCode(recs[0].Err) != 2 || !strings.Contains(msg, "has data after the JSON object") ||
			!strings.Contains(msg, "nothing was sent") || !strings.Contains(hintOf(recs[0].Err), `{"order_id":`) {
			t.Errorf("%s: exit %d, %s (hint %q)", in, exitCode(recs[0].Err), msg, hintOf(recs[0].Err))
		}
	}
	if recs := readRecords(t, "\t{\"a\":1}  \n", FormatJSONL); recs[0].Err != nil || string(recs[0].Body) != `{"a":1}` {
		t.Errorf("spaces and tabs around an object: %v %q", recs[0].Err, recs[0].Body)
	}
}

// encoding/json keeps the last of two members of one name, and the line
// is sent as it is: the provider may read the other. A repeated member,
// at any depth, is the line's usage error naming it.
func TestAMemberGivenTwiceIsTheLinesUsageError(t *testing.T) {
	for in, want := range map[string]string{
		`{"vin":"LSVAU2180N2100035","brand_factory":20,"vin":"LSVAU2180N2100036"}`: `"vin"`,
		`{"v\u0069n":"A","vin":"B"}`:                  `"vin"`,
		`{"holder":{"name":"a","x":[{"k":1,"k":2}]}}`: `"holder.x[0].k"`,
		`{"a":[{"k":1},{"k":2}],"b":{"a":1}}`:         "",
		`{"a":"}\"{","b":"a","c":{"b":1}}`:            "",
	} {
		recs := readRecords(t, in+"\n", FormatJSONL)
		switch err := recs[0].Err; {
		case want == "" && err != nil:
			t.Errorf("%s refused: %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "member "+want+" is given twice")):
			t.Errorf("%s: %v, want %s named", in, err, want)
		}
	}
}

// A line holding both names of one field (order_id and orderId, a CSV
// header naming both) lost one of the two values without a word.
func TestTwoNamesOfOneFieldAreRefused(t *testing.T) {
	fields := []Field{{Names: []string{"vin"}, Example: `"LSVAU2180N2100035"`},
		{Names: []string{"brand_factory", "brandFactory", "brand_factory_id"}, Example: "20"}}
	for in, want := range map[string]string{
		"vin,brand_factory,brand_factory_id\nLSVAU2180N2100035,20,999\n": `columns "brand_factory" and "brand_factory_id"`,
		// A column empty on the line is named all the same: every line
		// of the file is refused alike.
		"vin,brandFactory,brand_factory\nLSVAU2180N2100035,,20\n":                 `columns "brandFactory" and "brand_factory"`,
		`{"vin":"LSVAU2180N2100035","brand_factory":20,"brandFactory":21}` + "\n": `members "brand_factory" and "brandFactory"`,
	} {
		format := FormatCSV
		if in[0] == '{' {
			format = FormatJSONL
		}
		err := readRecords(t, in, format)[0].Known(fields...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), want) || !strings.Contains(hintOf(err), "brand_factory") {
			t.Errorf("%q: %v (hint %q), want %s named", in, err, hintOf(err), want)
		}
	}
	if err := readRecords(t, `{"vin":"A","brandFactory":20}`+"\n", FormatJSONL)[0].Known(fields...); err != nil {
		t.Errorf("one name of each field: %v", err)
	}
}

// An unknown name says what would be right: the name it differs from in
// case only (JSON Lines), or the shape of a good line.
func TestAnUnknownFieldShowsAGoodOne(t *testing.T) {
	fields := []Field{{Names: []string{"vin"}, Example: `"LSVAU2180N2100035"`}, {Names: []string{"brand_factory"}, Example: "20"},
		{Names: []string{"LicenseNo"}}}
	for _, c := range []struct{ in, format, hint string }{
		// A JSON member's name is case-sensitive, a CSV header's is not
		// (csvheader_test.go).
		{`{"Vin":"A","Brand_Factory":20}` + "\n", FormatJSONL, `field names are lower case: write "vin", not "Vin", e.g. {"vin":"LSVAU2180N2100035","brand_factory":20}`},
		{`{"licenseno":"X"}` + "\n", FormatJSONL, `field names are case-sensitive: write "LicenseNo", not "licenseno"`},
		{`{"vin":"A","colour":"red"}` + "\n", FormatJSONL, `e.g. {"vin":"LSVAU2180N2100035","brand_factory":20}`},
		{"LSVAU2180N2100035\nLSVAU2180N2100036\n", FormatCSV, `if the first line was data, add a first line such as "vin,brand_factory"`},
		// A header of known fields and one column too many is a header:
		// its hint was "if the first line was data".
		{"vin,brand_factory,color\nLSVAU2180N2100035,20,red\n", FormatCSV, `names a column "color" that is no field: remove that column or rename it to a field listed, e.g. a header row vin,brand_factory`},
	} {
		err := readRecords(t, c.in, c.format)[0].Known(fields...)
		if err == nil || !strings.Contains(hintOf(err), c.hint) {
			t.Errorf("%q: %v, hint %q, want %q", c.in, err, hintOf(err), c.hint)
		}
	}
}

func TestErrorsShowAGoodValue(t *testing.T) {
	rec := readRecords(t, "vin,brand_factory\nA,20.5\n", FormatCSV)[0]
	if _, err := rec.Int("brand_factory"); err == nil || !strings.Contains(hintOf(err), `e.g. {"brand_factory":20}`) {
		t.Errorf("%v, hint %q", err, hintOf(err))
	}
	long := strings.Repeat("a", MaxLineSize+1)
	for _, format := range []string{FormatJSONL, FormatCSV} {
		recs := readRecords(t, "vin\n"+long+"\n", format)
		err := recs[len(recs)-1].Err
		if err == nil || !strings.Contains(err.Error(), "longer than 1048576 bytes") || !strings.Contains(hintOf(err), "e.g.") {
			t.Errorf("%s: %v, hint %q", format, err, hintOf(err))
		}
	}
}

// Old Mac spreadsheets end lines with a lone CR: read by LF, the whole
// file was one header row, nothing was sent and the batch exited 0.
func TestALoneCRIsALineEnd(t *testing.T) {
	for _, in := range []string{"order_id\rNOPE1\rNOPE2\r", "order_id\rNOPE1\r\nNOPE2", "order_id\nNOPE1\r\rNOPE2\n"} {
		var got []string
		for _, r := range readRecords(t, in, FormatCSV) {
			switch {
			case r.Err != nil:
				t.Errorf("%q line %d: %v", in, r.Line, r.Err)
			case r.Blank:
				got = append(got, "blank")
			default:
				got = append(got, r.Str("order_id"))
			}
		}
		want := "NOPE1 NOPE2"
		if strings.Contains(in, "\r\r") {
			want = "NOPE1 blank NOPE2"
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
		if n, _ := CountRecords(strings.NewReader(in), FormatCSV); n != 2 {
			t.Errorf("%q: CountRecords %d, want 2", in, n)
		}
	}
	recs := readRecords(t, "{\"a\":1}\r{\"a\":2}\r\n\r\n{\"a\":3}", FormatJSONL)
	if len(recs) != 4 || recs[0].Str("a") != "1" || recs[1].Str("a") != "2" || !recs[2].Blank || recs[3].Line != 4 {
		t.Errorf("JSON Lines: %+v", recs)
	}
}

// A header name holding a control character is no field's name.
func TestAHeaderNameWithAControlCharacterIsRefused(t *testing.T) {
	for _, in := range []string{"or\x01der_id\nX\n", "o\x00r\x00d\x00e\x00r\x00\nX\n", "vin,a\x1bb\nX,Y\n"} {
		err := Read(strings.NewReader(in), FormatCSV, func(*Record) bool { return true })
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "control character") {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// Blank is spaces and tabs only, in both formats, as the docs say: a line
// of U+3000 or U+00A0 was blank in JSON Lines and a usage error in CSV.
func TestBlankIsSpacesAndTabsInBothFormats(t *testing.T) {
	for _, line := range []string{"\u3000", "\u00a0", " \u3000\t"} {
		for _, format := range []string{FormatJSONL, FormatCSV} {
			recs := readRecords(t, "a\n"+line+"\n", format)
			if r := recs[len(recs)-1]; r.Blank {
				t.Errorf("%s: %q is blank", format, line)
			}
		}
		if n, _ := CountRecords(strings.NewReader(line+"\n"), FormatJSONL); n != 1 {
			t.Errorf("CountRecords of %q: %d", line, n)
		}
	}
	for _, format := range []string{FormatJSONL, FormatCSV} {
		if recs := readRecords(t, "a\nx\n \t \n", format); !recs[len(recs)-1].Blank {
			t.Errorf("%s: spaces and tabs are not blank", format)
		}
	}
}

// A command's own field given as a JSON array, object or boolean was
// sent as its JSON text: {"order_id":["A1"]} looked up the order ["A1"].
func TestAFieldThatIsNotTextOrANumberIsRefused(t *testing.T) {
	fields := []Field{{Names: []string{"order_id", "orderId"}, Example: `"INSB0001"`}, {Names: []string{"brand_factory"}, Example: "20"}}
	for in, want := range map[string]string{
		`{"order_id":["A1"]}`:       "order_id is a JSON array",
		`{"orderId":{"id":"A1"}}`:   "orderId is a JSON object",
		`{"order_id":true}`:         "order_id is a JSON true or false",
		`{"brand_factory":[20]}`:    "brand_factory is a JSON array",
		`{"order_id":"A1","x":[1]}`: `unknown field "x"`,
	} {
		err := readRecords(t, in+"\n", FormatJSONL)[0].Known(fields...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "line 1: "+want) || !strings.Contains(err.Error(), "nothing was sent") ||
			!strings.Contains(hintOf(err), "e.g. {") {
			t.Errorf("%s: %v (hint %q), want %q", in, err, hintOf(err), want)
		}
	}
	for _, in := range []string{`{"order_id":"A1"}`, `{"order_id":1,"brand_factory":20}`, `{"order_id":null}`} {
		if err := readRecords(t, in+"\n", FormatJSONL)[0].Known(fields...); err != nil {
			t.Errorf("%s refused: %v", in, err)
		}
	}
}
