package shared

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// ApplySets edits a JSON body with --set PATH=VALUE assignments and returns
// it re-serialised once, two-space indented with a final newline. Members
// keep the order they had in the file so the result still reads like the
// file the user wrote, and numbers keep their exact text.
//
// PATH is dotted, with array indexes as numbers or in brackets:
// policyInsuredPeople.0.ISP011 and policyInsuredPeople[0].ISP011 are the
// same (the second is how validation errors name fields). Missing objects
// on the way are created; index len(array) appends.
//
// VALUE is JSON when it parses as JSON (10, true, {"a":1}, "quoted"),
// otherwise a string. One exception keeps the common case right: when the
// member already holds a string, a bare number or boolean stays a string,
// so --set policyHolder.PH013=15710023568 keeps the mobile a string.
func ApplySets(body []byte, sets []string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	root, err := decodeOrdered(dec)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = fmt.Errorf("data after the JSON value")
		}
	}
	if err != nil {
		return nil, &failure.Error{Kind: failure.Usage, Message: "--set needs a JSON body: " + err.Error() + "; nothing was sent"}
	}
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(path) == "" {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--set %q: want PATH=VALUE", s),
				Hint: "for example --set policyHolder.PH013=15710023568"}
		}
		if root, err = setPath(root, nil, splitPath(path), value); err != nil {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--set %v; nothing was sent", err)}
		}
	}
	var buf bytes.Buffer
	encodeOrdered(&buf, root, "")
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// object is a JSON object that remembers its members' order.
type object struct {
	keys []string
	vals map[string]any
}

func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			o := &object{vals: map[string]any{}}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				o.set(k.(string), v)
			}
			_, err := dec.Token()
			return o, err
		}
		a := []any{}
		for dec.More() {
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

func splitPath(p string) []string {
	p = strings.ReplaceAll(strings.ReplaceAll(p, "[", "."), "]", "")
	var out []string
	for _, s := range strings.Split(p, ".") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// setPath sets path below cur to value and returns the (possibly new) cur;
// at is the path walked so far, for messages.
func setPath(cur any, at, path []string, value string) (any, error) {
	if len(path) == 0 {
		return parseValue(cur, value), nil
	}
	seg := path[0]
	here := strings.Join(append(at, seg), ".")
	switch c := cur.(type) {
	case *object:
		if _, ok := c.vals[seg]; !ok {
			// A new member whose name differs from one the body has only
			// in letter case is a typo (policyholder for policyHolder):
			// added beside it, the body would go out with the old value
			// and a member the service ignores.
			for _, k := range c.keys {
				if strings.EqualFold(k, seg) {
					fixed := append(append(append([]string{}, at...), k), path[1:]...)
					return nil, fmt.Errorf("%s: the body has no member %q; did you mean %s?", here, seg, strings.Join(fixed, "."))
				}
			}
		}
		next, err := setPath(c.vals[seg], append(at, seg), path[1:], value)
		if err != nil {
			return nil, err
		}
		c.set(seg, next)
		return c, nil
	case []any:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i > len(c) {
			return nil, fmt.Errorf("%s: %s is an array of %d, so an index 0-%d is needed here", here, strings.Join(at, "."), len(c), len(c))
		}
		var old any
		if i < len(c) {
			old = c[i]
		}
		next, err := setPath(old, append(at, seg), path[1:], value)
		if err != nil {
			return nil, err
		}
		if i == len(c) {
			return append(c, next), nil
		}
		c[i] = next
		return c, nil
	case nil:
		// A missing member on the way: create the object it names.
		return setPath(&object{vals: map[string]any{}}, at, path, value)
	}
	parent := strings.Join(at, ".")
	if parent == "" {
		parent = "the body"
	}
	return nil, fmt.Errorf("%s: %s holds a plain value, not an object or array", here, parent)
}

func parseValue(old any, value string) any {
	dec := json.NewDecoder(strings.NewReader(value))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = fmt.Errorf("trailing data")
		}
	}
	if err != nil {
		return value
	}
	if _, wasString := old.(string); wasString {
		switch v.(type) {
		case json.Number, bool:
			return value
		}
	}
	return v
}

func encodeOrdered(buf *bytes.Buffer, v any, indent string) {
	in := indent + "  "
	switch t := v.(type) {
	case *object:
		if len(t.keys) == 0 {
			buf.WriteString("{}")
			return
		}
		buf.WriteString("{\n")
		for i, k := range t.keys {
			buf.WriteString(in)
			writeString(buf, k)
			buf.WriteString(": ")
			encodeOrdered(buf, t.vals[k], in)
			if i < len(t.keys)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		buf.WriteString(indent + "}")
	case []any:
		if len(t) == 0 {
			buf.WriteString("[]")
			return
		}
		buf.WriteString("[\n")
		for i, e := range t {
			buf.WriteString(in)
			encodeOrdered(buf, e, in)
			if i < len(t)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		buf.WriteString(indent + "]")
	case string:
		writeString(buf, t)
	case json.Number:
		buf.WriteString(t.String())
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	default:
		buf.WriteString("null")
	}
}

// writeString writes s as JSON without escaping <, > and & (a body is not
// HTML) and with non-ASCII text left readable.
func writeString(buf *bytes.Buffer, s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	buf.Write(bytes.TrimRight(b.Bytes(), "\n"))
}

// WarnUndocumentedSets warns on w of each --set whose path the provider's
// document does not describe (documented says so, and what it has
// there): the body's objects are open-ended, so such a member is sent,
// but `--set plate=…` was taken silently while the car's plate stayed as
// it was. The value is never repeated: it may be personal.
func WarnUndocumentedSets(w io.Writer, sets []string, documented func(path []string) (ok bool, at string, names []string)) {
	for _, s := range sets {
		p, _, _ := strings.Cut(s, "=")
		path := splitPath(p)
		ok, at, names := documented(path)
		if ok {
			continue
		}
		where := "at the top level"
		if at != "" {
			where = "in " + at
		}
		fmt.Fprintf(w, "warning: --set %s: the document describes no member %q %s (its members there: %s); it is sent as an extra member\n",
			strings.TrimSpace(p), path[len(splitPath(at))], where, strings.Join(names, ", "))
	}
}
