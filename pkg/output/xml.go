package output

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// writeXML renders the generic JSON form as XML: objects become elements
// named by their keys, arrays repeat an <item> element. Providers whose
// native format is XML (sunshine) print their own bytes with -o raw.
//
// DEL and the C1 controls (U+007F..U+009F), which XML allows in text but
// a terminal may obey, are written as character references (&#x9B;): the
// document means the same, as with EscapeJSONControls. Characters XML
// cannot hold at all (ESC and the other C0 controls) become U+FFFD.
func writeXML(w io.Writer, root string, v any) error {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	buf.WriteString(xml.Header)
	if err := encodeXML(enc, root, v); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	buf.WriteString("\n")
	_, err := w.Write(escapeXMLControls(buf.Bytes()))
	return err
}

// escapeXMLControls writes DEL and the C1 controls as character
// references. Element names hold none (xmlName), so each is in text.
func escapeXMLControls(b []byte) []byte {
	if !bytes.ContainsRune(b, 0x7f) && !bytes.Contains(b, []byte{0xc2}) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			out = fmt.Appendf(out, "&#x%X;", r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
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
		ok := r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0xc0 && r != 0xd7 && r != 0xf7
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
