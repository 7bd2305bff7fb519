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
