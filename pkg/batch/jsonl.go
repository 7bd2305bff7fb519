package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/jsonkeys"

	"github.com/insurekit/insure/pkg/failure"
)

// readJSONL reads one request per line; the line reader, shared with CSV,
// passes over a line longer than MaxLineSize without holding it.
func readJSONL(r io.Reader, emit func(*Record) bool) error {
	lr := newLineReader(r)
	for seq := 0; ; seq++ {
		buf, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		// Spaces and tabs only, as CSV and the docs have it: other white
		// space is no JSON whitespace, and no blank either.
		text := bytes.Trim(bytes.TrimPrefix(buf, []byte(utf8BOM)), " \t")
		rec := &Record{Line: lr.n, Seq: seq}
		switch {
		case tooLong:
			rec.Err = tooLongLine(rec.Line, FormatJSONL)
		case isBlank(text):
			rec.Blank = true
		case !utf8.Valid(text):
			rec.Err = notUTF8(rec.Line, buf)
		default:
			parseJSON(rec, text)
		}
		if !emit(rec) {
			return nil
		}
	}
}

func parseJSON(rec *Record, text []byte) {
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		rec.Err = notAnObject(rec.Line, notObjectWhat(text, err))
		if looksLikeCSV(text, err) {
			rec.Err.(*failure.Error).Hint = csvReadAsJSONLHint
		}
		return
	}
	// Decoder.More is false before a '}' or ']', so a stray one after the
	// object passed, and was signed and sent as part of the line.
	if rest := bytes.Trim(text[d.InputOffset():], " \t"); len(rest) > 0 {
		rec.Err = dataAfterObject(rec.Line, text, rest)
		return
	}
	keys, repeats := jsonkeys.Members(text)
	if len(repeats) > 0 {
		repeated := repeats[0]
		// The hint is the line's own members, each once; the engine puts
		// a line of the command's own fields instead where the adapter
		// names them (Adapter.Fields). It showed a vin-report buy line to
		// every command.
		rec.Err = &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("line %d: member %q is given twice in one object: only one of its values would be read; nothing was sent", rec.Line, repeated),
			Hint:    repeatedMemberHint(keys, m, repeated)}
		rec.repeatedMember = repeated
		return
	}
	if isOutputLine(m) {
		rec.Err = &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("line %d: a line of the output of a batch (line, outcome, exit_code), not a request; nothing was sent", rec.Line),
			Hint: "a batch's output is not another batch's input as it stands: pick the fields the next command reads with jq, " +
				`e.g. jq -c 'select(.outcome == "ok") | {policy_number: .result.policyNumber}' issued.jsonl (docs/scripting.md, Batches)`}
		return
	}
	rec.Fields, rec.Keys, rec.Decoded = m, keys, true
	rec.Body = append([]byte(nil), text...)
	rec.Hash = Hash(rec.Body)
}

// repeatedMemberHint shows the line's top-level members each once, their
// values left out (a line may hold names and ID numbers, never echoed):
// keys are the members read before the repeat, m the line decoded.
func repeatedMemberHint(keys []string, m map[string]any, repeated string) string {
	if _, top := m[repeated]; !top {
		return fmt.Sprintf("give each member once: keep one %q and remove the other", repeated)
	}
	names := append([]string(nil), keys...)
	var rest []string
	for k := range m {
		if !slices.Contains(names, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	names = append(names, rest...)
	const most = 6
	var members []string
	for i, k := range names {
		if i == most {
			members = append(members, "…")
			break
		}
		b, _ := json.Marshal(k)
		members = append(members, string(b)+`:"…"`)
	}
	return "give each member once, e.g. {" + strings.Join(members, ",") + "}"
}

// isOutputLine reports an object with the members every batch output line
// has: no provider's request holds all three.
func isOutputLine(m map[string]any) bool {
	_, line := m["line"]
	_, outcome := m["outcome"]
	_, code := m["exit_code"]
	return line && outcome && code
}

// dataAfterObject is the usage error of a line with something after its
// object: a second value, or a stray character left by an edit.
func dataAfterObject(line int, text, rest []byte) error {
	at := len(text) - len(rest) + 1
	if json.Valid(rest) {
		return notAnObject(line, fmt.Sprintf("more than one JSON value on the line (the second at byte %d)", at))
	}
	r, _ := utf8.DecodeRune(rest)
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: has data after the JSON object (%q at byte %d); nothing was sent", line, r, at),
		Hint:    "a line is one JSON object and nothing after its closing brace, e.g. " + readerJSONExample + "; remove what follows it (jq -c . FILE names each line it cannot read)"}
}

// notAnObject is the usage error of a JSON Lines line that is not one
// request object. The commonest cause is a request printed over several
// lines (insure example, a file made for -f), whose every line fails
// here: the message says what the line holds and the hint how to send it.
func notAnObject(line int, what string) error {
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: %s; --batch reads JSON Lines, one request on one line as a whole JSON object; nothing was sent", line, what),
		Hint:    "a request printed over several lines goes to -f FILE; to batch such files, put each on one line: jq -c . FILE >> requests.jsonl"}
}

// csvReadAsJSONLHint is the hint of a JSON Lines line that looks like
// CSV: a CSV file read as JSON Lines (--input-format jsonl, a .json name)
// had every line told to put a pretty-printed request on one line.
const csvReadAsJSONLHint = "this line is no JSON value: if the input is CSV (a header row naming the fields, then one record a line), read it with --input-format csv or name the file .csv; a JSON Lines line is one object, e.g. " + readerJSONExample

// looksLikeCSV says a line that is not a JSON object reads as CSV: it
// does not start as an object or an array does, and is no JSON at all or
// has a comma after a first value (20,LSVAU2180N2100035).
func looksLikeCSV(text []byte, err error) bool {
	if len(text) == 0 || strings.IndexByte(`{}[]"`, text[0]) >= 0 {
		return false
	}
	var se *json.SyntaxError
	return errors.As(err, &se) || bytes.IndexByte(text, ',') >= 0
}

// notObjectWhat names what a line that is not a JSON object holds, in
// JSON's words rather than the decoder's (which speak of Go types).
func notObjectWhat(text []byte, err error) string {
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return "JSON null, not an object"
	case errors.As(err, &te):
		switch te.Value {
		case "bool":
			return "a JSON true or false, not an object"
		case "string", "array", "number":
			return "a JSON " + te.Value + ", not an object"
		}
		return "JSON " + te.Value + ", not an object"
	case errors.Is(err, io.ErrUnexpectedEOF) && text[0] == '{':
		return "a JSON object that does not end on this line"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 && int(se.Offset) <= len(text) && text[se.Offset-1] >= utf8.RuneSelf {
		// The decoder names the first byte of a character that is not
		// ASCII as if it were one (京 became 'ä'): name the character.
		at := int(se.Offset) - 1
		for at > 0 && !utf8.RuneStart(text[at]) {
			at--
		}
		r, _ := utf8.DecodeRune(text[at:])
		return fmt.Sprintf("not valid JSON (%q at byte %d)", r, at+1)
	}
	return "not valid JSON (" + err.Error() + ")"
}
