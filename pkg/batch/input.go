package batch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// MaxLineSize is the longest input line accepted, its line ending not
// counted (a CSV record is one line too). A longer one is that line's
// usage error, passed over unread; the batch goes on with the next line.
const MaxLineSize = 1 << 20

// Input formats.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// Record is one input line: its number in the input (1-based, counting
// every physical line, a CSV header included), the request as a JSON
// object, and its content hash. Err is set for a malformed line, which is
// reported with outcome usage and never sent.
type Record struct {
	Line int
	// Seq orders records as read (0-based); it differs from Line where
	// a CSV header was read.
	Seq int
	// Blank says the line holds nothing (or only spaces): it is not sent,
	// but it gets its output line like every other.
	Blank bool
	Hash  string
	// Body is the JSON object of the request (for CSV, built from the
	// header's names).
	Body   []byte
	Fields map[string]any
	// Keys are the names the line gave, in its order: a JSON line's
	// members, a CSV header's columns (a column empty on this line
	// included). Nil when not known.
	Keys []string
	// columns maps a field's name to the CSV column that gave it, where
	// the header wrote it otherwise (VIN码 for vin, Plate for plate), so
	// that a message about the value names the column the file has.
	columns map[string]string
	// Decoded says Fields is Body decoded (numbers as json.Number): a JSON
	// Lines record, whose adapter may validate Fields instead of decoding
	// Body again, unless it changes Body.
	Decoded bool
	// CSV says the record is a CSV row, its field names from the header.
	CSV bool
	// Source is the input the record was read from, as given to --batch
	// ("-" for stdin; "" when unknown).
	Source string
	Err    error
	// Warnings are what the line's run found doubtful but sent anyway (a
	// resident ID's check character): a single command prints them on
	// stderr; a batch puts them in the line's output.
	Warnings []string
	// State is the adapter's own, set by Prepare for Run and Done.
	State any

	// prepErr is what Prepare refused the line with; accepted says
	// Prepare (if any) took it, so Done is told how it ended.
	prepErr  error
	accepted bool
	// laterCopy says an identical line came earlier in this input (with
	// --resume: only the first copy takes an earlier run's record).
	laterCopy bool
	// copy is this line's state in copies; prevCopy is the previous
	// copy's, which a later copy waits for (copies.go).
	copy, prevCopy *copyState
	// repeatedMember is the member a JSON line gives twice (its Err).
	repeatedMember string
}

// NoRowsError is what Read returns for CSV input with a header row and
// no row after it. It is not a failure (an empty export is a header
// only), but the batch's summary says so: a single id piped in without a
// header is read as the header.
type NoRowsError struct{ Header []string }

func (e *NoRowsError) Error() string {
	return "a CSV header row naming " + strings.Join(e.Header, ", ") + " and no rows after it"
}

// Str returns the first of names the record holds, as text ("" when none).
// JSON numbers are given in their decimal form.
func (r *Record) Str(names ...string) string {
	for _, n := range names {
		v, ok := r.Fields[n]
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case string:
			return x
		case json.Number:
			return x.String()
		case bool:
			return strconv.FormatBool(x)
		default:
			b, _ := json.Marshal(x)
			return string(b)
		}
	}
	return ""
}

// Named is how a message names field n: with the CSV column that gave
// it when the header wrote it otherwise (`vin (column "VIN码")`).
func (r *Record) Named(n string) string {
	if c, ok := r.columns[n]; ok {
		return fmt.Sprintf("%s (column %q)", n, c)
	}
	return n
}

// Int returns the first of names as an integer: 0 when absent, an error
// naming the field when it is not a whole number.
func (r *Record) Int(names ...string) (int, error) {
	for _, n := range names {
		if _, ok := r.Fields[n]; !ok {
			continue
		}
		s := strings.TrimSpace(r.Str(n))
		if s == "" {
			return 0, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			column := n
			if c, ok := r.columns[n]; ok {
				column = c
			}
			hint := fmt.Sprintf(`digits only, e.g. {"%s":20} in JSON Lines, or 20 in a CSV column %s`, n, column)
			return 0, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("line %d: %s must be a whole number (got %q); nothing was sent", r.Line, r.Named(n), s),
				Hint: hint}
		}
		return v, nil
	}
	return 0, nil
}

// Hash is the content hash a record is known by across runs: SHA-256 of
// the line as read (JSON Lines, surrounding blanks trimmed) or of the JSON
// object built from a CSV row (members in name order).
func Hash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// DetectFormat picks jsonl or csv: the name's extension, else the first
// non-blank byte ('{' is JSON Lines).
func DetectFormat(name string, r *bufio.Reader) string {
	format, _ := detect(name, r)
	return format
}

// DetectFormatReader is DetectFormat for a stream (stdin): it returns the
// format and the reader to read the records from. When the input ended
// while its first bytes were looked at, that reader is those bytes alone:
// bufio hands an end of input to one read only, and a terminal's Ctrl-D
// is not repeated, so reading on would wait for a second one.
func DetectFormatReader(name string, r io.Reader) (string, io.Reader) {
	br := bufio.NewReaderSize(r, 64<<10)
	format, ended := detect(name, br)
	if !ended {
		return format, br
	}
	rest, _ := br.Peek(br.Buffered())
	return format, bytes.NewReader(bytes.Clone(rest))
}

// detect is DetectFormat, also saying whether the input ended while it
// looked.
func detect(name string, r *bufio.Reader) (format string, ended bool) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".csv"):
		return FormatCSV, false
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"), strings.HasSuffix(lower, ".json"):
		return FormatJSONL, false
	}
	for n := 1; n <= 4096; n++ {
		b, err := r.Peek(n)
		if len(b) < n {
			return FormatJSONL, err != nil && !errors.Is(err, bufio.ErrBufferFull)
		}
		c := b[n-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF {
			if err != nil {
				return FormatJSONL, !errors.Is(err, bufio.ErrBufferFull)
			}
			continue
		}
		if c == '{' {
			return FormatJSONL, false
		}
		return FormatCSV, false
	}
	return FormatJSONL, false
}

// Read streams the records of r to emit, one at a time, stopping early
// when emit returns false. Memory is one line (at most MaxLineSize).
func Read(r io.Reader, format string, emit func(*Record) bool) error {
	return read(r, format, header{}, emit)
}

// read is Read for a command whose fields or columns (header) a CSV
// header's names are matched to, and the hints of a bad one show.
func read(r io.Reader, format string, h header, emit func(*Record) bool) error {
	switch format {
	case FormatCSV:
		return readCSV(r, h, emit)
	case FormatJSONL, "":
		return readJSONL(r, emit)
	default:
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--input-format must be jsonl or csv (got %q)", format)}
	}
}

// tooLongLine is the usage error of a line longer than MaxLineSize.
func tooLongLine(line int, format string) error {
	hint := "a line is one request, e.g. " + readerJSONExample + ": check that the file is the JSON Lines meant, not a binary or a whole file on one line"
	if format == FormatCSV {
		hint = "a line is one record under the header row, e.g. " + readerCSVExample + ": check that the file is the CSV meant, not a binary or a cell that holds a whole document"
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: longer than %d bytes (1 MiB), the most a line may hold; nothing was sent", line, MaxLineSize),
		Hint:    hint}
}

// The reader's examples of a good line, before it knows the command: the
// engine puts the command's own in their place (explain).
const (
	readerJSONExample = `{"order_id":"INSB0001"}`
	readerCSVExample  = "a header row vin,brand_factory"
)

// ErrNotUTF8 is wrapped by the usage error of a line that is not UTF-8
// text (errors.Is): a batch stops sending at the first such line, and a
// file holding one is refused as a whole (CountRecords).
var ErrNotUTF8 = errors.New("not UTF-8 text")

// EncodingError wraps ErrNotUTF8 with the encoding the line is most
// likely in, for the summary's advice.
type EncodingError struct{ Encoding string }

func (e *EncodingError) Error() string { return ErrNotUTF8.Error() + " (" + e.Encoding + "?)" }
func (e *EncodingError) Unwrap() error { return ErrNotUTF8 }

// Encodings a line that is not UTF-8 is guessed to be in.
const (
	EncodingGBK   = "GBK"
	EncodingUTF16 = "UTF-16"
)

// guessEncoding names the likeliest encoding of a line that is not UTF-8:
// UTF-16 (Excel's "Unicode Text" export, which starts with a UTF-16 byte
// order mark and puts a NUL beside every ASCII letter), else GBK, the
// plain "CSV" of Excel or WPS on Chinese Windows. Every such file was
// called a GBK export, and iconv -f GBK made a UTF-16 one garbage.
func guessEncoding(text []byte) string {
	if bytes.HasPrefix(text, []byte{0xFF, 0xFE}) || bytes.HasPrefix(text, []byte{0xFE, 0xFF}) || bytes.IndexByte(text, 0) >= 0 {
		return EncodingUTF16
	}
	return EncodingGBK
}

// ConvertHint says how to make a file in enc UTF-8.
func ConvertHint(enc string) string {
	if enc == EncodingUTF16 {
		return "--batch reads UTF-8, and this is UTF-16 (Excel's \"Unicode Text\" export); convert the file first, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8, or save it from Excel or WPS as \"CSV UTF-8\""
	}
	return "--batch reads UTF-8; convert the file first, e.g. iconv -f GBK -t UTF-8 FILE > FILE.utf8, or save it from Excel or WPS as \"CSV UTF-8\" (a plain \"CSV\" export on Chinese Windows is GBK)"
}

// notUTF8 is the usage error of a line that is not UTF-8 text: decoded
// as it stands, its bytes became U+FFFD, and a plate, a name or an order
// id that is not what the file holds would have been sent.
func notUTF8(line int, text []byte) error {
	enc := guessEncoding(text)
	return &failure.Error{Kind: failure.Usage, Err: &EncodingError{Encoding: enc},
		Message: fmt.Sprintf("line %d: not UTF-8 text; nothing was sent", line),
		Hint:    ConvertHint(enc)}
}

// CountRecords counts the lines of a regular file that are not blank
// (less the header row for CSV), for a progress bar's total. It reads the
// file once with the readers' own line reader, so its lines and blanks
// are theirs (a lone CR ends a line here too).
//
// A line that is not UTF-8 text is the whole input's usage error (wrapping
// ErrNotUTF8, naming the first such line): a GBK export has its Chinese
// lines refused and its ASCII lines sent, half a batch the user must sort
// out by hand, so a file is refused before anything is sent.
func CountRecords(r io.Reader, format string) (int64, error) {
	lr := newLineReader(r)
	var n int64
	for {
		text, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		// A byte order mark is not a line's content: a line holding only
		// one is blank, as the readers take it (any line's, as they do:
		// exports joined with cat bring theirs along).
		text = bytes.TrimPrefix(text, []byte(utf8BOM))
		if !tooLong && !utf8.Valid(text) {
			enc := guessEncoding(text)
			return 0, &failure.Error{Kind: failure.Usage, Err: &EncodingError{Encoding: enc},
				Message: fmt.Sprintf("line %d is not UTF-8 text (a %s export?): the input is refused as a whole; nothing was sent", lr.n, enc),
				Hint:    ConvertHint(enc)}
		}
		if tooLong || !isBlank(text) {
			n++
		}
	}
	if format == FormatCSV && n > 0 {
		n--
	}
	return n, nil
}
