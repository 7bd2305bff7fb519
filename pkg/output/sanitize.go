package output

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/iostreams"
)

// printTable renders the human view through a buffer and writes it with
// every terminal control removed (iostreams.SanitizeKeepColor): a
// provider's remark, brand name or message reaches a terminal as text,
// never as a title change or a cleared screen. insure's own colours stay.
func printTable(w io.Writer, draw func(io.Writer) error) error {
	var buf bytes.Buffer
	err := draw(&buf)
	if _, werr := io.WriteString(w, iostreams.SanitizeKeepColor(buf.String())); err == nil {
		err = werr
	}
	return err
}

// EscapeJSONControls escapes DEL and the C1 controls (U+0080..U+009F),
// which encoding/json writes raw, as \u00XX. Those runes occur only inside
// strings in JSON, so the document means exactly the same; it only keeps a
// terminal from reading them as controls. encoding/json already escapes
// every C0 control, ESC included.
func EscapeJSONControls(b []byte) []byte {
	if !bytes.ContainsAny(b, "\x7f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f") {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// jsonWriter escapes what EscapeJSONControls escapes in each document the
// encoder writes (one Write per document).
type jsonWriter struct{ w io.Writer }

func (j jsonWriter) Write(p []byte) (int, error) {
	if _, err := j.w.Write(EscapeJSONControls(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}
