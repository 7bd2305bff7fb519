package ebao

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Helpers that produce or adjust request bodies for the CLI. They edit
// bytes rather than re-encoding structs so a user's file keeps its layout
// and key order: what they wrote is what gets signed and sent.

//go:embed examples/*.json
var examples embed.FS

// ExampleNames are the operations `insure example ebao NAME` knows.
func ExampleNames() []string { return []string{"quote", "issue", "cancel"} }

// Example returns a valid request body for "quote", "issue" or "cancel"
// (the same files as examples/ebao/ in the repository). The issue example
// carries no quotationNumber: `insure issue --quote` adds it.
func Example(name string) ([]byte, error) {
	switch name {
	case "quote", "issue", "cancel":
		return examples.ReadFile("examples/" + name + ".json")
	}
	return nil, fmt.Errorf("no ebao example %q (have quote, issue, cancel)", name)
}

// DateLayout is how this package writes dates: the document's own form,
// UTC with milliseconds.
const DateLayout = "2006-01-02T15:04:05.000Z07:00"

// FormatDate writes t as the document does ("2030-01-16T03:07:53.970Z").
func FormatDate(t time.Time) string { return t.UTC().Format(DateLayout) }

// NewCancellation builds a cancellation body, indented like the examples.
func NewCancellation(policyNumber, channelCode, applicationType string, date time.Time) []byte {
	b, _ := json.MarshalIndent(CancellationRequest{
		PolicyNumber: policyNumber, ChannelCode: channelCode,
		ApplicationDate: FormatDate(date), ApplicationType: applicationType,
	}, "", "  ")
	return append(b, '\n')
}

// WithQuotationNumber returns body with its top-level quotationNumber set
// to number: the value is replaced in place when the member exists,
// otherwise the member is inserted first. Nothing else in body changes.
func WithQuotationNumber(body []byte, number string) ([]byte, error) {
	return withTopLevelString(body, "quotationNumber", number)
}

func withTopLevelString(body []byte, name, value string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("the body is not a JSON object")
	}
	open := int(dec.InputOffset())
	quoted := strconv.Quote(value)
	firstKey := -1
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("the body is not valid JSON: %w", err)
		}
		afterKey := int(dec.InputOffset())
		if firstKey < 0 {
			firstKey = bytes.IndexByte(body[open:], '"') + open
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("the body is not valid JSON: %w", err)
		}
		if tok != name {
			continue
		}
		start := afterKey
		for start < len(body) && (body[start] == ':' || isSpace(body[start])) {
			start++
		}
		end := start + len(bytes.TrimSpace(v))
		out := make([]byte, 0, len(body)+len(quoted))
		out = append(out, body[:start]...)
		out = append(out, quoted...)
		return append(out, body[end:]...), nil
	}
	if firstKey < 0 {
		return []byte("{" + strconv.Quote(name) + ": " + quoted + "}"), nil
	}
	// Repeat the whitespace that precedes the first member, so an indented
	// file stays indented and a compact one stays compact.
	ws := body[open:firstKey]
	out := make([]byte, 0, len(body)+len(name)+len(quoted)+len(ws)+8)
	out = append(out, body[:open]...)
	out = append(out, ws...)
	out = append(out, strconv.Quote(name)+": "+quoted+","...)
	return append(out, body[open:]...), nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
