package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/providers/ebao"
)

// The service validates only what the document states (required members,
// the types its tables give, certificate type 1-6, a date at characters
// 7-14 of a resident ID, an @ in e-mail addresses, parseable dates) and
// stops at the first problem. It is deliberately looser than the client's
// validation, which adds the GB 11643 check digit and mobile format: a
// request sent by another client, around those checks, gets the answer the
// real service would give.

// check keeps the first problem found.
type check struct{ field, msg string }

func (c *check) fail(field, format string, args ...any) {
	if c.field == "" {
		c.field, c.msg = field, fmt.Sprintf(format, args...)
	}
}

func (c *check) ok() bool { return c.field == "" }

func at(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func (c *check) str(o map[string]any, p, k string, required bool) string {
	v, present := o[k]
	if !present || v == nil {
		if required {
			c.fail(at(p, k), "must not be null")
		}
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		c.fail(at(p, k), "JSON parse error: expected a string")
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		c.fail(at(p, k), "must not be empty")
	}
	return s
}

func (c *check) date(o map[string]any, p, k string) time.Time {
	s := c.str(o, p, k, true)
	if s == "" {
		return time.Time{}
	}
	t, err := ebao.ParseDate(s)
	if err != nil {
		c.fail(at(p, k), "cannot parse %q as a date", s)
	}
	return t
}

func (c *check) array(o map[string]any, k string, required bool) []any {
	v, present := o[k]
	if !present || v == nil {
		if required {
			c.fail(k, "must not be empty")
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		c.fail(k, "JSON parse error: expected an array")
		return nil
	}
	if required && len(a) == 0 {
		c.fail(k, "must not be empty")
	}
	return a
}

func (c *check) object(v any, p string) map[string]any {
	o, ok := v.(map[string]any)
	if !ok {
		c.fail(p, "JSON parse error: expected an object")
	}
	return o
}

// decode reads one JSON object with numbers kept as text.
func decode(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		// In the service's own words, not Go's ("cannot unmarshal array
		// into Go value of type map[string]interface {}").
		var ute *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &ute):
			return nil, fmt.Errorf("the body must be a JSON object, not %s", ute.Value)
		case errors.As(err, &se):
			return nil, fmt.Errorf("malformed JSON at byte %d: %s", se.Offset, se.Error())
		case errors.Is(err, io.EOF):
			return nil, fmt.Errorf("the body is empty: it must be a JSON object")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("the JSON ends too soon")
		}
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON object")
	}
	if m == nil {
		return nil, fmt.Errorf("the body must be a JSON object")
	}
	return m, nil
}

// checkPolicy applies the document's rules to a quotation or issuance.
func checkPolicy(m map[string]any) check {
	var c check
	c.str(m, "", "channelCode", true)
	c.str(m, "", "productId", true)
	c.str(m, "", "quotationNumber", false) // an issuance's; a string when present
	eff := c.date(m, "", "effectiveDate")
	exp := c.date(m, "", "expiredDate")
	if c.ok() && !eff.Before(exp) {
		c.fail("expiredDate", "must be after effectiveDate")
	}
	for i, v := range c.array(m, "campaigns", false) {
		p := fmt.Sprintf("campaigns[%d]", i)
		if o := c.object(v, p); o != nil {
			c.str(o, p, "code", true)
			c.str(o, p, "voucher", false)
		}
	}
	if v, present := m["policyHolder"]; !present || v == nil {
		c.fail("policyHolder", "must not be null")
	} else if o := c.object(v, "policyHolder"); o != nil {
		c.person(o, "policyHolder", holder)
	}
	for i, v := range c.array(m, "policyInsuredPeople", true) {
		p := fmt.Sprintf("policyInsuredPeople[%d]", i)
		if o := c.object(v, p); o != nil {
			c.person(o, p, insured)
		}
	}
	for i, v := range c.array(m, "insuredObjects", true) {
		p := fmt.Sprintf("insuredObjects[%d]", i)
		if o := c.object(v, p); o != nil {
			c.str(o, p, "type", false)
			c.str(o, p, "plan_code", true)
			if ft, present := o["factor_table"]; present && ft != nil {
				c.object(ft, at(p, "factor_table"))
			}
			sel, present := o["componentSelection"]
			if !present || sel == nil {
				c.fail(at(p, "componentSelection"), "must not be null")
			} else if so := c.object(sel, at(p, "componentSelection")); so != nil {
				for k, b := range so {
					if _, isBool := b.(bool); !isBool {
						c.fail(at(p, "componentSelection."+k), "JSON parse error: expected true or false")
					}
				}
			}
		}
	}
	return c
}

// personKeys names one party's members; the holder and the insured people
// carry the same facts under different codes. typeAsText says whether the
// certificate type may also be the digit as a string: the table types both
// PH005 and ISP004 as integers, and every example of the document sends
// PH005 as one, but ISP004 as "1", so only ISP004 takes the string.
type personKeys struct {
	name, birth, typ, id, mobile, email string
	typeAsText                          bool
}

var (
	holder  = personKeys{"PH001", "PH003", "PH005", "PH006", "PH013", "PH015", false}
	insured = personKeys{"ISP001", "ISP003", "ISP004", "ISP005", "ISP011", "ISP012", true}
)

// person checks one party. The birth date and mobile are optional, but
// the document types them as strings, and a birth date must be a date.
func (c *check) person(o map[string]any, p string, k personKeys) {
	c.str(o, p, k.name, true)
	if b := c.str(o, p, k.birth, false); b != "" {
		if _, err := ebao.ParseDate(b); err != nil {
			c.fail(at(p, k.birth), "cannot parse %q as a date", b)
		}
	}
	// An integer, or (ISP004 only) the digit as a string as in the
	// document's example; nothing around the digit ("+1", "01", " 1").
	var digits string
	switch v := o[k.typ].(type) {
	case json.Number:
		digits = v.String()
	case string:
		if !k.typeAsText {
			c.fail(at(p, k.typ), "JSON parse error: certificate type must be an integer 1-6, e.g. 1, not the string %q", v)
			return
		}
		digits = v
	}
	n := 0
	if len(digits) == 1 {
		n = int(digits[0]) - '0'
	}
	if n < 1 || n > 6 {
		c.fail(at(p, k.typ), "certificate type must be 1-6")
	}
	num := c.str(o, p, k.id, true)
	if n == 1 && num != "" {
		// The document counts characters (位), as a Java service's
		// substring does, not UTF-8 bytes.
		if r := []rune(num); len(r) < 14 {
			c.fail(at(p, k.id), "characters 7-14 of a resident ID must be a date YYYYMMDD, e.g. 132456199001011234")
		} else if !calendarDate(string(r[6:14])) {
			c.fail(at(p, k.id), "characters 7-14 of a resident ID must be a date YYYYMMDD, e.g. 132456199001011234 (got %s)", string(r[6:14]))
		}
	}
	c.str(o, p, k.mobile, false)
	if e := c.str(o, p, k.email, false); e != "" && !strings.Contains(e, "@") {
		c.fail(at(p, k.email), "an e-mail address must contain @")
	}
}

// calendarDate says whether s is a real date written YYYYMMDD. Go's
// parser takes year 0000, which no calendar has (1 BC is followed by AD 1).
func calendarDate(s string) bool {
	d, err := time.Parse("20060102", s)
	return err == nil && d.Year() >= 1
}

// checkCancellation applies the document's rules to a cancellation.
func checkCancellation(m map[string]any) check {
	var c check
	c.str(m, "", "policyNumber", true)
	c.str(m, "", "channelCode", true)
	c.date(m, "", "applicationDate")
	switch t := c.str(m, "", "applicationType", true); t {
	case "", ebao.ApplyByInsurer, ebao.ApplyByPolicyHolder, ebao.ApplyByUnderwriter:
	default:
		c.fail("applicationType", "unknown application type %q", t)
	}
	return c
}
