package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// utf8BOM starts many a spreadsheet's CSV export ("CSV UTF-8").
const utf8BOM = "\xEF\xBB\xBF"

// quoteHint shows a well-quoted value: what every quoting error needs.
const quoteHint = `quote a value that holds a comma or a quote, double each quote inside it and keep it on one line, e.g. "No. 5 ""Garden"" Road, Haidian",LSVAU2180N2183294`

// readCSV reads CSV one physical line at a time: a record is one line and
// a quoted value cannot hold a line break. DESIGN promises one result per
// input line, and scripts pair input and output line for line; a record
// running over lines broke that, and a single unclosed quote ran to the
// end of the input, taking every later line into its one error. Each line
// is parsed on its own by encoding/csv, so its errors stay its own.
// h is what the running command's header names stand for.
func readCSV(r io.Reader, h header, emit func(*Record) bool) error {
	lr := newLineReader(r)
	p := newLineCSV()
	var written, names []string
	seq, rows := 0, 0
	for {
		text, tooLong, err := lr.next()
		if err == io.EOF {
			if written != nil && rows == 0 {
				return &NoRowsError{Header: written}
			}
			return nil
		}
		if err != nil {
			return err
		}
		line := lr.n
		// Not part of the first column's name; taken off first, it is no
		// "bare quote" before a quoted name either. Any line's: exports
		// joined with cat bring theirs along, which went out in the
		// first value of the line.
		text = bytes.TrimPrefix(text, []byte(utf8BOM))
		rec := &Record{Line: line, Seq: seq, CSV: true}
		switch {
		case !tooLong && isBlank(text):
			// Blank lines get their record wherever they are, before the
			// header too: every line has its output line.
			rec.Blank = true
		case written == nil:
			if written, names, err = csvHeader(p, line, text, tooLong, h); err != nil {
				return err
			}
			continue
		default:
			rows++
			rec.Err = csvRow(p, rec, h, written, names, text, tooLong)
		}
		seq++
		if !emit(rec) {
			return nil
		}
	}
}

// csvHeader reads the header row: its names as written (trimmed), and the
// names their values go under (header.name). Its errors are the whole
// input's, as no line after it can be read without its names. Their
// hints show a good header of the running command ("" when it declares no
// columns): a hint with another command's columns (vin,order_id to renew)
// misled.
func csvHeader(p *lineCSV, line int, text []byte, tooLong bool, h header) (written, names []string, err error) {
	example := headerExample(h.examples())
	eg := func(s string) string {
		if example == "" {
			return s + ", as the request body names its members"
		}
		return s + ", e.g. " + example
	}
	headerErr := func(what, hint string) error {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("line %d: the CSV header row%s; nothing was sent", line, what), Hint: hint}
	}
	if tooLong {
		return nil, nil, headerErr(fmt.Sprintf(" is longer than %d bytes", MaxLineSize), eg("the first line names the fields"))
	}
	if !utf8.Valid(text) {
		fe := notUTF8(line, text).(*failure.Error)
		fe.Message = fmt.Sprintf("line %d: the CSV header row is not UTF-8 text (%s?); nothing was sent", line, guessEncoding(text))
		return nil, nil, fe
	}
	if t := bytes.TrimLeft(text, " \t"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		// A .csv name (or --input-format csv) over JSON Lines: the
		// quoting error it gave ("holds a quote but does not start with
		// one") did not say what was wrong.
		return nil, nil, headerErr(" is JSON, not a line of names: this input is JSON Lines",
			eg("read it as JSON Lines with --input-format jsonl (or name the file .jsonl); CSV input starts with a header row naming the fields"))
	}
	if bytes.IndexByte(text, '\t') >= 0 && bytes.IndexByte(text, ',') < 0 {
		return nil, nil, headerErr(" is separated by tabs, not commas", tabHint)
	}
	text = spaceAfterQuotes(text)
	cells, err := p.parse(text)
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, nil, err
		}
		return nil, nil, headerErr(": "+quoteProblem(pe, len(text), fmt.Sprintf("column %d", len(cells)+1)), quoteHint)
	}
	written = make([]string, len(cells))
	for i, cell := range cells {
		if written[i] = strings.TrimSpace(cell); written[i] == "" {
			return nil, nil, headerErr(fmt.Sprintf(" has no name for column %d", i+1), eg("name every column"))
		}
		if at := strings.IndexFunc(written[i], unicode.IsControl); at >= 0 {
			// No field's name holds one: the header is not a header
			// (a UTF-16 file's NULs, a binary), and reading on would take
			// each line for data under names no command knows.
			r, _ := utf8.DecodeRuneInString(written[i][at:])
			hint := eg("name every column in plain text")
			switch r {
			case '\t':
				hint = tabHint
			case 0:
				hint = "NUL bytes between the letters are UTF-16 text: convert the file first, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8"
			}
			return nil, nil, headerErr(fmt.Sprintf("'s name of column %d, %q, holds a control character (U+%04X)", i+1, written[i], r), hint)
		}
	}
	compared := h.compared(written)
	if i, j, ok := clashingColumns(compared); ok {
		what := fmt.Sprintf(" names %q twice (columns %d and %d)", written[i], i+1, j+1)
		switch {
		case compared[i] == compared[j] && written[i] != written[j]:
			what = fmt.Sprintf(" names %q twice (column %d, and column %d as %q)", written[i], i+1, j+1, written[j])
		case compared[i] != compared[j]:
			what = fmt.Sprintf(" names both %q (column %d) and %q (column %d), a value and a member of it", written[i], i+1, written[j], j+1)
		}
		return nil, nil, headerErr(what+": one column's values would overwrite the other's", eg("name each field once"))
	}
	names = make([]string, len(written))
	for i, w := range written {
		names[i] = h.name(w)
	}
	// Two names of a command's own field (Plate and plate, 车牌号 and
	// LicenseNo) are each line's usage error, naming both (rec.Known), as
	// they always were; a body's members have no such check, so two
	// columns that stand for one member (ProductId and productId) are
	// the header's.
	if i, j, ok := clashingColumns(names); ok && len(h.fields) == 0 {
		what := fmt.Sprintf(" names %q (column %d) and %q (column %d), which both stand for %q", written[i], i+1, written[j], j+1, names[i])
		if names[i] != names[j] {
			what = fmt.Sprintf(" names both %q (column %d) and %q (column %d), which stand for %q and %q, a value and a member of it", written[i], i+1, written[j], j+1, names[i], names[j])
		}
		return nil, nil, headerErr(what+": one column's values would overwrite the other's", eg("name each field once"))
	}
	return written, names, nil
}

// tabHint says how to go on from a tab-separated file.
const tabHint = "a tab between the names is a tab-separated file (a spreadsheet's \"Text (Tab delimited)\", or cells pasted from one): --batch reads comma-separated CSV; save it as \"CSV UTF-8\", or convert it with tr '\\t' ',' if no value holds a comma"

// csvRow fills rec from one line after the header, or returns the line's
// usage error.
// written are the header's names as written, for messages and Keys;
// names are the names the values go under (h.name).
func csvRow(p *lineCSV, rec *Record, h header, written, names []string, text []byte, tooLong bool) error {
	if tooLong {
		return tooLongLine(rec.Line, FormatCSV)
	}
	if !utf8.Valid(text) {
		return notUTF8(rec.Line, text)
	}
	text = spaceAfterQuotes(excelText(text))
	row, err := p.parse(text)
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return err
		}
		// The fields before the one in error are returned with it.
		return &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("line %d: %s; nothing was sent", rec.Line, quoteProblem(pe, len(text), fieldName(written, len(row)))),
			Hint:    quoteHint}
	}
	if len(row) != len(names) {
		return fieldCount(rec.Line, written, len(row))
	}
	if repeatsHeader(row, h, written, names) {
		// Exports joined with cat (jan.csv feb.csv) repeat their header:
		// read as data, its names were sent as a line's values (the VIN
		// "vin", the order "order_id").
		return &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("line %d: repeats the header row (%s), not a request: were two CSV files joined?; nothing was sent", rec.Line, strings.Join(written, ",")),
			Hint:    "keep the first file's header only, e.g. { cat jan.csv; tail -n +2 feb.csv; } > both.csv"}
	}
	m := map[string]any{}
	for i, v := range row {
		if v = unwrapExcelText(strings.TrimSpace(v)); v != "" {
			setPath(m, names[i], v)
		}
	}
	body, _ := json.Marshal(m)
	rec.Fields, rec.Keys, rec.Body, rec.Hash = m, written, body, Hash(body)
	for i, n := range names {
		if n != written[i] {
			if rec.columns == nil {
				rec.columns = map[string]string{}
			}
			rec.columns[n] = written[i]
		}
	}
	return nil
}

// repeatsHeader says a row holds the header's names, each in its column,
// as written or naming the same field (another export's Plate, 车牌号,
// or brand_factory under a brandFactoryId header).
func repeatsHeader(row []string, h header, written, names []string) bool {
	for i, v := range row {
		if v = strings.TrimSpace(v); v != written[i] && !h.sameField(v, names[i]) {
			return false
		}
	}
	return true
}

// excelText drops the = of each value written ="0123": Excel's way of
// keeping a value text (leading zeros, a long number), which a pipeline
// writes for people who open the file in Excel. Left as it was it is a
// bare quote, and the line was refused with a quoting error that did not
// say why; the value is what Excel shows, the text between the quotes.
func excelText(text []byte) []byte {
	if !bytes.Contains(text, []byte(`="`)) {
		return text
	}
	out := make([]byte, 0, len(text))
	for start := 0; ; {
		if bytes.HasPrefix(text[start:], []byte(`="`)) {
			start++ // the = is dropped: the value is read as a quoted one
		}
		end := valueEnd(text, start)
		out = append(out, text[start:end]...)
		if end >= len(text) {
			return out
		}
		out = append(out, ',')
		start = end + 1
	}
}

// valueEnd is where the value starting at i ends (its comma, or the end):
// a quoted value runs to its closing quote, doubled quotes inside it.
func valueEnd(text []byte, i int) int {
	if i < len(text) && text[i] == '"' {
		for i++; i < len(text); i++ {
			if text[i] == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i++
					continue
				}
				break
			}
		}
	}
	if c := bytes.IndexByte(text[min(i, len(text)):], ','); c >= 0 {
		return i + c
	}
	return len(text)
}

// unwrapExcelText is excelText for a value that was quoted as a whole
// ("=""0123""" in the file, ="0123" once read).
func unwrapExcelText(v string) string {
	if len(v) >= 3 && strings.HasPrefix(v, `="`) && strings.HasSuffix(v, `"`) && !strings.Contains(v[2:len(v)-1], `"`) {
		return v[2 : len(v)-1]
	}
	return v
}

// quoteProblem says in words what encoding/csv found wrong with a line's
// quotes, in the field it names.
func quoteProblem(pe *csv.ParseError, lineLen int, field string) string {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Column > lineLen:
		// The line ended inside the quotes.
		return fmt.Sprintf("the quoted value of %s is not closed on this line (a CSV record is one line: a quoted value ends on the line it starts on)", field)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("the quoted value of %s has a quote inside it that is not doubled", field)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("%s holds a quote but does not start with one", field)
	}
	return fmt.Sprintf("%s is not valid CSV (%v)", field, pe.Err)
}

func fieldName(names []string, i int) string {
	if i < len(names) {
		return fmt.Sprintf("field %q", names[i])
	}
	return fmt.Sprintf("value %d (the header names %d fields)", i+1, len(names))
}

// fieldCount is the usage error of a line with more or fewer values than
// the header has names: it names the first field without a value, or the
// last field the extra values follow.
func fieldCount(line int, names []string, n int) error {
	var what string
	if n < len(names) {
		what = "no value for " + strings.Join(names[n:], ", ")
	} else {
		what = fmt.Sprintf("%d too many, after the last field, %s", n-len(names), names[len(names)-1])
	}
	header := names
	if len(header) > 12 {
		header = append(header[:12:12], "…")
	}
	plural := "s"
	if n == 1 {
		plural = ""
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: %d value%s, but the header names %d fields (%s): %s; nothing was sent", line, n, plural, len(names), strings.Join(header, ","), what),
		Hint:    `one value per field, in the header's order, separated by commas; leave a value empty as nothing between two commas (a,,c) and quote one that holds a comma, e.g. "Haidian, Beijing"`}
}

// lineCSV parses one line as a CSV record. A csv.Reader per line keeps
// nothing from one line to the next, so an unclosed quote cannot reach
// into the next line; the bufio.Reader under it is reused (csv.NewReader
// takes a large enough one as it is), so a line costs no new buffer.
type lineCSV struct {
	src bytes.Reader
	br  *bufio.Reader
}

func newLineCSV() *lineCSV {
	p := &lineCSV{}
	p.br = bufio.NewReaderSize(&p.src, 4096)
	return p
}

func (p *lineCSV) parse(text []byte) ([]string, error) {
	p.src.Reset(text)
	p.br.Reset(&p.src)
	cr := csv.NewReader(p.br)
	cr.FieldsPerRecord = -1
	// Every value is trimmed anyway; a quoted one after a space (a
	// hand-written "京A12345, "北京"") was refused as holding a quote
	// that does not start it.
	cr.TrimLeadingSpace = true
	return cr.Read()
}

// spaceAfterQuotes drops the spaces and tabs between a quoted value's
// closing quote and its comma ("京A12345" ,北京), which encoding/csv
// refused as a quote inside the value: every value is trimmed anyway.
func spaceAfterQuotes(text []byte) []byte {
	if !bytes.Contains(text, []byte(`" `)) && !bytes.Contains(text, []byte("\"\t")) {
		return text
	}
	out := make([]byte, 0, len(text))
	for start := 0; start <= len(text); {
		i := start
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		end := valueEnd(text, i)
		value := text[start:end]
		if i < len(text) && text[i] == '"' {
			if t := bytes.TrimRight(value, " \t"); len(t) > i-start+1 && t[len(t)-1] == '"' {
				value = t
			}
		}
		out = append(out, value...)
		if end >= len(text) {
			break
		}
		out = append(out, ',')
		start = end + 1
	}
	return out
}

// setPath sets a dotted CSV column ("policyHolder.PH013") as a nested member.
func setPath(m map[string]any, path, v string) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}
