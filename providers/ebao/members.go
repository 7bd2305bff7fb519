package ebao

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/validate"
)

// Reading the members of a decoded body: paths, strings and dates, each
// problem reported to the Checker with an example.

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

// str reads a string member. ok is false when the member has the wrong type
// (already reported); a missing optional member is ok with "".
func str(c *validate.Checker, o map[string]any, p, k string, required bool, example string) (string, bool) {
	v, present := o[k]
	if !present || v == nil {
		if required {
			c.Add(join(p, k), "is required", example)
			return "", false
		}
		return "", true
	}
	s, isStr := v.(string)
	if !isStr {
		// The example in quotes: the bare digits of a mobile would read as
		// the number just refused.
		if example != "" {
			example = strconv.Quote(example)
		}
		c.Add(join(p, k), "must be a JSON string, in double quotes (got "+jsonKind(v)+")", example)
		return "", false
	}
	if required && strings.TrimSpace(s) == "" {
		c.Add(join(p, k), "is required (empty)", example)
		return "", false
	}
	return s, true
}

// date reads a date member (see ParseDate); ok means present and parsed.
func date(c *validate.Checker, o map[string]any, p, k string, required bool, example string) (time.Time, bool) {
	s, ok := str(c, o, p, k, required, example)
	if !ok || s == "" {
		return time.Time{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		c.Add(join(p, k), DateRule+" (got "+strconv.Quote(s)+")", example)
		return time.Time{}, false
	}
	return t, true
}

// DateRule says which date forms ParseDate reads.
const DateRule = "must be a real date, as YYYY-MM-DD or an ISO 8601 date-time with a zone"

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700", // Java's default offset form, +0800
	"2006-01-02",
}

// BeijingDay is the calendar day a body's date falls on in Beijing, the
// service's zone and the one the quote form asks in: a start of 2
// December is written 2026-12-01T16:00:00.000Z, which a person must not be
// asked to confirm as 1 December. A date that does not parse is given up
// to its day as written ("" when shorter).
func BeijingDay(s string) string {
	if t, err := ParseDate(s); err == nil {
		return t.In(beijing).Format("2006-01-02")
	}
	if len(s) >= 10 {
		return s[:10]
	}
	return ""
}

// ParseDate reads the date forms accepted in request bodies: RFC 3339 with
// optional fraction, the same with a colon-less offset, or a plain date.
// A date-time without a zone is refused: the server would have to guess it.
func ParseDate(s string) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO 8601 date-time with zone: %q", s)
}

func idType(c *validate.Checker, o map[string]any, p, k string) (IDType, bool) {
	const rule = "a certificate type 1-6 (1 resident ID, 2 driving licence, 3 passport, 4 officer's card, 5 birth certificate, 6 other)"
	v, present := o[k]
	if !present || v == nil {
		c.Add(join(p, k), "is required: "+rule, "1")
		return 0, false
	}
	// The table says integer for both. The document's examples write the
	// insured's ISP004 as "1" and the holder's PH005 as 1: the string is
	// taken where the document writes it, and refused for PH005, as the
	// sandbox refuses it. One digit exactly: Atoi would also take " 1",
	// "+1" or "01", which a server reading an integer need not.
	var s string
	_, isStr := v.(string)
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	}
	if isStr && k == holderCodes.idType {
		c.Add(join(p, k), "must be "+rule+", written as a JSON integer: 1, not \"1\" (got "+strconv.Quote(s)+")", "1")
		return 0, false
	}
	if len(s) != 1 || s[0] < '1' || s[0] > '6' {
		got := jsonKind(v)
		if isStr {
			got = strconv.Quote(s)
		} else if n, isNum := v.(json.Number); isNum {
			got = n.String()
		}
		c.Add(join(p, k), "must be "+rule+", written 1 or \"1\" (got "+got+")", "1")
		return 0, false
	}
	return IDType(s[0] - '0'), true
}

// jsonKind names the JSON type of a decoded value, for a complaint.
func jsonKind(v any) string {
	switch v.(type) {
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return "a string"
}

func list(c *validate.Checker, o map[string]any, p, k string, required bool, example string) []any {
	v, present := o[k]
	if !present || v == nil {
		if required {
			c.Add(join(p, k), "is required (a non-empty array)", example)
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		c.Add(join(p, k), "must be a JSON array", example)
		return nil
	}
	if required && len(a) == 0 {
		c.Add(join(p, k), "must not be empty", example)
	}
	return a
}

func object(c *validate.Checker, v any, p, example string) map[string]any {
	o, ok := v.(map[string]any)
	if !ok {
		c.Add(p, "must be a JSON object", example)
		return nil
	}
	return o
}
