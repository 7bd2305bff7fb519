package paoding

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The document quotes numbers in its examples ("brandId": "120",
// "effectiveDuration": "120") while its tables call them integers, and one
// field (isAbnormal) is an integer in one table and a boolean in the next.
// These types accept every spelling so a server that follows either the
// tables or the examples decodes the same way.

// Text is a string that may arrive as a JSON string, number, boolean or null.
type Text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return fmt.Errorf("paoding: expected a string, got %.20s", b)
	default:
		*t = Text(b)
	}
	return nil
}

func (t Text) String() string { return string(t) }

// Int is an integer that may arrive as a number, a quoted number, a
// boolean, an empty string or null (0).
type Int int

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	var t Text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	s := strings.TrimSpace(string(t))
	switch s {
	case "", "null":
		*n = 0
		return nil
	case "true":
		*n = 1
		return nil
	case "false":
		*n = 0
		return nil
	}
	if i, err := strconv.Atoi(s); err == nil {
		*n = Int(i)
		return nil
	}
	// "1.0" from a server that serialises every number as a double.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) {
		return fmt.Errorf("paoding: %q is not an integer", s)
	}
	*n = Int(int(f))
	return nil
}

// Bool is a flag that may arrive as true/false, 1/0 or their quoted forms.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	var t Text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(string(t))) {
	case "true", "1", "y", "yes":
		*v = true
	case "false", "0", "", "n", "no":
		*v = false
	default:
		return fmt.Errorf("paoding: %q is not a boolean", string(t))
	}
	return nil
}

// StringList is a list of strings that may arrive as a JSON array or as one
// string of comma-separated, possibly single-quoted items (the document's
// example for resultImages is 'URL_1','URL_2').
type StringList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *StringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []Text
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			out = append(out, string(it))
		}
		*l = out
		return nil
	}
	var t Text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = nil
	for _, part := range strings.Split(string(t), ",") {
		part = strings.Trim(strings.TrimSpace(part), `'"`)
		if part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// FenToYuan renders an amount in fen as yuan with two decimals ("12345" ->
// "123.45"). Anything that is not a whole number of fen comes back
// unchanged, so a surprising value is shown rather than hidden.
func FenToYuan(fen string) string {
	s := strings.TrimSpace(fen)
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" {
		return fen
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return fen
		}
	}
	digits = strings.TrimLeft(digits, "0")
	for len(digits) < 3 {
		digits = "0" + digits
	}
	out := digits[:len(digits)-2] + "." + digits[len(digits)-2:]
	if neg && out != "0.00" {
		out = "-" + out
	}
	return out
}
