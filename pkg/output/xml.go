package output

import (
	"encoding/xml"
	"io"
	"sort"

	"github.com/mattn/go-runewidth"
)

// writeXML renders the generic JSON form as XML: objects become elements
// named by their keys, arrays repeat an <item> element. Providers whose
// native format is XML (sunshine) print their own bytes with -o raw.
func writeXML(w io.Writer, root string, v any) error {
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if err := encodeXML(enc, root, v); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func encodeXML(enc *xml.Encoder, name string, v any) error {
	start := xml.StartElement{Name: xml.Name{Local: xmlName(name)}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := encodeXML(enc, k, t[k]); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := encodeXML(enc, "item", e); err != nil {
				return err
			}
		}
	case nil:
	default:
		if err := enc.EncodeToken(xml.CharData(Scalar(t))); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// xmlName makes a JSON key usable as an element name.
func xmlName(s string) string {
	if s == "" {
		return "_"
	}
	b := []rune(s)
	for i, r := range b {
		ok := r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127
		if !ok {
			b[i] = '_'
		}
	}
	if b[0] >= '0' && b[0] <= '9' || b[0] == '-' || b[0] == '.' {
		return "_" + string(b)
	}
	return string(b)
}

func displayWidth(s string) int { return runewidth.StringWidth(s) }
