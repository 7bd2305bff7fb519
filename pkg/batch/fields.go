package batch

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// Field is one field of a command's own batch line (cancel, renew,
// vin-report): its names, the one the docs give first and its aliases
// after it, and a good value for examples, as a JSON value ("" for none).
type Field struct {
	Names   []string
	Example string
}

// FieldNames are the names of fields, each field's first name first.
func FieldNames(fields []Field) []string {
	var names []string
	for _, f := range fields {
		names = append(names, f.Names...)
	}
	return names
}

// Known reports an error naming the first of the line's names that is no
// name of fields (a misspelt column must not be silently ignored), or
// that names a field another of its names named already (order_id and
// orderId: one of the two values would be dropped without a word).
func (r *Record) Known(fields ...Field) error {
	keys := r.Keys
	if keys == nil {
		for k := range r.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	namedBy := map[int]string{}
	for _, k := range keys {
		i := fieldOf(fields, k)
		if i < 0 && r.CSV {
			// A CSV header's name as written (Plate, 车牌号): the reader
			// put its values under the field's name (header.name).
			i, _ = fieldOfHeader(fields, k)
		}
		if i < 0 {
			return r.unknownField(k, fields)
		}
		if prev, ok := namedBy[i]; ok {
			what := "members"
			if r.CSV {
				what = "columns"
			}
			return &failure.Error{Kind: failure.Usage,
				Message: fmt.Sprintf("line %d: the %s %q and %q are two names of one field, %s: only one of their values would be sent; nothing was sent",
					r.Line, what, prev, k, fields[i].Names[0]),
				Hint: "give each field once, under one of its names, e.g. " + exampleLine(r.CSV, fields)}
		}
		namedBy[i] = k
		if err := r.scalar(k, fields[i]); err != nil {
			return err
		}
	}
	return nil
}

// scalar refuses a JSON array, object or true/false as a command's own
// field: Str turned it into its JSON text, and {"order_id":["A1"]} was
// looked up as the order id ["A1"], a plate {"no":"京A12345"} sent as
// that text. A field is text, or a number where a spreadsheet or jq
// writes one (brand_factory 20).
func (r *Record) scalar(k string, f Field) error {
	var what string
	switch r.Fields[k].(type) {
	case map[string]any:
		what = "a JSON object"
	case []any:
		what = "a JSON array"
	case bool:
		what = "a JSON true or false"
	default:
		return nil
	}
	good := f.Example
	if good == "" {
		good = `"…"`
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: %s is %s; a field is text or a number; nothing was sent", r.Line, k, what),
		Hint:    fmt.Sprintf("give the value itself, e.g. {%q:%s}", k, good)}
}

func fieldOf(fields []Field, name string) int {
	for i, f := range fields {
		for _, n := range f.Names {
			if n == name {
				return i
			}
		}
	}
	return -1
}

// unknownField is the usage error of a name no field has. A name that
// differs from one only in case (a spreadsheet's Vin) says so: for a
// header of such names, "if the first line was data" was no help.
func (r *Record) unknownField(k string, fields []Field) error {
	names := FieldNames(fields)
	fe := &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("line %d: unknown field %q (known: %s); nothing was sent", r.Line, k, strings.Join(names, ", "))}
	for _, n := range names {
		if strings.EqualFold(n, k) {
			rule := "field names are case-sensitive"
			if n == strings.ToLower(n) {
				rule = "field names are lower case"
			}
			fe.Hint = fmt.Sprintf("%s: write %q, not %q, e.g. %s", rule, n, k, exampleLine(r.CSV, fields))
			return fe
		}
	}
	fe.Hint = "name the fields as listed, e.g. " + exampleLine(r.CSV, fields)
	if hint := brandNameHint(k, fields); hint != "" {
		fe.Hint = hint
		return fe
	}
	switch {
	case r.CSV && namesAField(r.Keys, fields):
		// A header with a column too many (an export's "color") was told
		// that its first line might have been data.
		fe.Hint = fmt.Sprintf("the header row names a column %q that is no field: remove that column or rename it to a field listed%s, e.g. a header row %s", k, chineseNamesTaken(k, fields), exampleHeader(fields))
	case r.CSV:
		fe.Hint = fmt.Sprintf("CSV input starts with a header row naming the fields%s; if the first line was data, add a first line such as %s", chineseNamesTaken(k, fields), strconv.Quote(exampleHeader(fields)))
	}
	return fe
}

// namesAField says one of names is a name of fields.
func namesAField(names []string, fields []Field) bool {
	for _, n := range names {
		if i, _ := fieldOfHeader(fields, n); i >= 0 {
			return true
		}
	}
	return false
}

// exampleLine shows a good line of fields: a JSON object, or a CSV header.
func exampleLine(csv bool, fields []Field) string {
	if csv {
		return "a header row " + exampleHeader(fields)
	}
	var members []string
	for _, f := range exampleFields(fields) {
		v := f.Example
		if v == "" {
			v = `"…"`
		}
		members = append(members, fmt.Sprintf("%q:%s", f.Names[0], v))
	}
	return "{" + strings.Join(members, ",") + "}"
}

func exampleHeader(fields []Field) string {
	var names []string
	for _, f := range exampleFields(fields) {
		names = append(names, f.Names[0])
	}
	return strings.Join(names, ",")
}

// exampleFields are the fields an example shows: those with an example
// value, else the first.
func exampleFields(fields []Field) []Field {
	var shown []Field
	for _, f := range fields {
		if f.Example != "" {
			shown = append(shown, f)
		}
	}
	if len(shown) == 0 && len(fields) > 0 {
		shown = fields[:1]
	}
	return shown
}
