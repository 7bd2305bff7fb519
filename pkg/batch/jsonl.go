package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

func readJSONL(r io.Reader, emit func(*Record) bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	line, seq := 0, 0
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			// +1: the \r of a CRLF may come before its \n is read.
			if len(buf) > MaxLineSize+1 {
				// Too long: skip to the end of the line, report it once.
				line++
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = br.ReadSlice('\n')
				}
				buf = buf[:0]
				rec := &Record{Line: line, Seq: seq, Err: usagef(line, "longer than %d bytes", MaxLineSize)}
				seq++
				if !emit(rec) {
					return nil
				}
				if err == io.EOF {
					return nil
				} else if err != nil {
					return err
				}
				continue
			}
			continue
		}
		if len(buf) > 0 {
			line++
			text := bytes.TrimSpace(bytes.TrimPrefix(buf, []byte("\xEF\xBB\xBF")))
			rec := &Record{Line: line, Seq: seq}
			seq++
			switch {
			case len(text) == 0:
				rec.Blank = true
			case len(bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))) > MaxLineSize:
				// The line ending is not the line's: a line of MaxLineSize
				// bytes is accepted, whether it ends in LF or CRLF.
				rec.Err = usagef(line, "longer than %d bytes", MaxLineSize)
			case !utf8.Valid(text):
				rec.Err = notUTF8(line)
			default:
				parseJSON(rec, text)
			}
			if !emit(rec) {
				return nil
			}
			buf = buf[:0]
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func parseJSON(rec *Record, text []byte) {
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		rec.Err = notAnObject(rec.Line, notObjectWhat(text, err))
		return
	}
	if d.More() {
		rec.Err = notAnObject(rec.Line, "more than one JSON value on the line")
		return
	}
	if isOutputLine(m) {
		rec.Err = &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("line %d: a line of the output of a batch (line, outcome, exit_code), not a request; nothing was sent", rec.Line),
			Hint: "a batch's output is not another batch's input as it stands: pick the fields the next command reads with jq, " +
				`e.g. jq -c 'select(.outcome == "ok") | {policy_number: .result.policyNumber}' issued.jsonl (docs/scripting.md, Batches)`}
		return
	}
	rec.Fields, rec.Decoded = m, true
	rec.Body = append([]byte(nil), text...)
	rec.Hash = Hash(rec.Body)
}

// isOutputLine reports an object with the members every batch output line
// has: no provider's request holds all three.
func isOutputLine(m map[string]any) bool {
	_, line := m["line"]
	_, outcome := m["outcome"]
	_, code := m["exit_code"]
	return line && outcome && code
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
	return "not valid JSON (" + err.Error() + ")"
}
