package httpx

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// KeyFields names the members (JSON) or elements (XML, local name) of a
// request or answer worth a journal key (a form control's name attribute
// for <input name='…'>), and the key each becomes:
// {"quotationNumber": "quotationNumber", "P041": "plate"}. A provider
// declares one per operation; FromBody finds them at any depth, so the
// journal can be searched by every identifier an exchange carried.
type KeyFields map[string]string

// FromBody reads body as JSON or XML (by its first byte) and returns the
// keys it carries. A value seen more than once under one key is joined
// with commas (distinct values only); the store splits them again.
// Unreadable bodies give no keys.
func (kf KeyFields) FromBody(body []byte) map[string]string {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil
	}
	out := map[string]string{}
	add := kf.adder(out)
	switch t[0] {
	case '{', '[':
		var doc any
		d := json.NewDecoder(bytes.NewReader(t))
		d.UseNumber()
		if d.Decode(&doc) != nil {
			return nil
		}
		walkJSON(doc, add)
	case '<':
		kf.walkXML(t, add)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// FromDoc is FromBody for a JSON body already decoded (into any, numbers
// as json.Number), so a caller that decoded it once does not pay twice.
func (kf KeyFields) FromDoc(doc any) map[string]string {
	out := map[string]string{}
	walkJSON(doc, kf.adder(out))
	if len(out) == 0 {
		return nil
	}
	return out
}

// adder adds a field's value to out under the key's name, once.
func (kf KeyFields) adder(out map[string]string) func(field, v string) {
	return func(field, v string) {
		name, ok := kf[field]
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			return
		}
		for _, have := range strings.Split(out[name], ",") {
			if have == v {
				return
			}
		}
		if out[name] == "" {
			out[name] = v
		} else {
			out[name] += "," + v
		}
	}
}

// walkXML calls add with each element's text (or an input's, under its
// name attribute); GBK and GB18030 documents are decoded.
func (kf KeyFields) walkXML(t []byte, add func(field, v string)) {
	d := xml.NewDecoder(bytes.NewReader(t))
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "gbk", "gb2312", "gb18030":
			return simplifiedchinese.GB18030.NewDecoder().Reader(r), nil
		}
		return r, nil
	}
	var stack []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch el := tok.(type) {
		case xml.StartElement:
			// A form control names its field in an attribute:
			// <input name='licenseNo'>冀A00021</input>.
			field := el.Name.Local
			if strings.EqualFold(field, "input") {
				for _, a := range el.Attr {
					if a.Name.Local == "name" {
						field = a.Value
					}
				}
			}
			stack = append(stack, field)
			text.Reset()
		case xml.CharData:
			text.Write(el)
		case xml.EndElement:
			if len(stack) > 0 {
				add(stack[len(stack)-1], text.String())
				stack = stack[:len(stack)-1]
			}
			text.Reset()
		}
	}
}

// Answer returns a Request.KeysFromAnswer reading the answer's body with
// kf, whatever its status.
func (kf KeyFields) Answer() func(status int, body []byte) map[string]string {
	return func(_ int, body []byte) map[string]string { return kf.FromBody(body) }
}

func walkJSON(v any, add func(field, v string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, m := range x {
			switch s := m.(type) {
			case string:
				add(k, s)
			case json.Number:
				add(k, s.String())
			default:
				walkJSON(m, add)
			}
		}
	case []any:
		for _, m := range x {
			walkJSON(m, add)
		}
	}
}

// MergeKeys returns a new map holding every key of each map in turn; a
// later map's value for a key already present is added to it (commas),
// not put in its place.
func MergeKeys(ms ...map[string]string) map[string]string {
	var out map[string]string
	for _, m := range ms {
		for k, v := range m {
			if v == "" {
				continue
			}
			if out == nil {
				out = map[string]string{}
			}
			cur := out[k]
			if cur == "" {
				out[k] = v
				continue
			}
			for _, part := range strings.Split(v, ",") {
				if !containsPart(cur, part) {
					cur += "," + part
				}
			}
			out[k] = cur
		}
	}
	return out
}

func containsPart(list, v string) bool {
	for _, p := range strings.Split(list, ",") {
		if p == v {
			return true
		}
	}
	return false
}

// IsHashedKey says whether a journal key names personal data (a resident
// ID number or a person's name): the store keeps only a salted hash of
// its value, and searches hash what they look for the same way. Such keys
// are named …IdNumber or …Name: holderIdNumber, ownerName.
func IsHashedKey(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "idnumber") || strings.HasSuffix(n, "name")
}
