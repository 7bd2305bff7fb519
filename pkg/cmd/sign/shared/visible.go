package shared

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible shows the control characters of a hashed string as escapes
// (\r, \x1b, \u0085) for a table: printed raw to a terminal they act (an
// escape sequence in a body file can clear the screen or hide what
// follows) or vanish (a CR from a CRLF file), while the string is shown
// to be compared byte for byte. Newlines and tabs stay; so does every
// printable character. JSON output keeps the string as it is.
func Visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether Visible changes s: a control character or
// bytes that are not UTF-8 (a backslash alone needs nothing, but is
// escaped once anything else is, so the escapes read unambiguously).
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == 0xc2 {
			return true
		}
	}
	return !utf8.ValidString(s)
}
