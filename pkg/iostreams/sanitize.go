package iostreams

import (
	"strings"
	"unicode/utf8"
)

// Sanitize returns s fit for a terminal: text that came from outside (a
// provider's remark, brand name, message or error text) cannot change the
// window title, clear the screen, move the cursor or hide what follows.
// It removes every escape sequence (ESC and the 8-bit C1 introducers, with
// the sequence they start: CSI, OSC up to BEL or ST, DCS/SOS/PM/APC
// strings), C0 control characters except tab and newline, DEL and the C1
// controls, and replaces bytes that are not UTF-8 with U+FFFD. Printable
// text, tabs and newlines are kept as they are.
func Sanitize(s string) string { return sanitize(s, false) }

// SanitizeKeepColor is Sanitize that keeps the colour sequences insure's
// own ColorScheme writes (SGR with reset, bold, faint, red, green,
// yellow, default and grey only), for output that mixes provider text with
// insure's colours. Anything else, such as SGR 8 (concealed text), goes.
func SanitizeKeepColor(s string) string { return sanitize(s, true) }

// clean reports whether s needs no change, the common case.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		// 0xc2 leads U+0080..U+00BF, the C1 controls among them.
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || c == 0xc2 {
			return false
		}
		// 0xe2 0x80 0xaa..0xae and 0xe2 0x81 0xa6..0xa9 are the
		// bidirectional embeddings, overrides and isolates.
		if s[i] == 0xe2 && i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0xaa && s[i+2] <= 0xae || s[i+1] == 0x81 && s[i+2] >= 0xa6 && s[i+2] <= 0xa9) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func sanitize(s string, keepColor bool) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == 0x1b:
			end, kind := escapeEnd(s, i+1)
			if keepColor && kind == '[' && insureSGR(s[i:end]) {
				b.WriteString(s[i:end])
			}
			i = end
		case r == 0x9b: // 8-bit CSI
			end, _ := csiEnd(s, i+size)
			i = end
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, OSC, PM, APC
			i = stringEnd(s, i+size)
		case r == '\t' || r == '\n':
			b.WriteRune(r)
			i += size
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || bidiControl(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// bidiControl reports the characters that change the direction of the
// text after them (U+202A..U+202E, U+2066..U+2069): a sender's value
// holding U+202E reverses the rest of a terminal line, so that what is
// shown is not what was sent.
func bidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// escapeEnd is the index just past the escape sequence whose ESC is at
// i-1, and its kind: '[' for CSI, ']' for OSC, 0 for anything else.
func escapeEnd(s string, i int) (int, byte) {
	if i >= len(s) {
		return i, 0
	}
	switch c := s[i]; {
	case c == '[':
		end, _ := csiEnd(s, i+1)
		return end, '['
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return stringEnd(s, i+1), ']'
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then one final byte
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			j++
		}
		return j, 0
	case c >= 0x30 && c <= 0x7e: // Fp, Fe, Fs: two bytes in all
		return i + 1, 0
	default: // ESC before a control or non-ASCII: drop the ESC alone
		return i, 0
	}
}

// csiEnd skips a CSI's parameter and intermediate bytes and its final
// byte. A byte that cannot be part of it ends it, and is kept.
func csiEnd(s string, i int) (int, bool) {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		return i + 1, true
	}
	return i, false
}

// stringEnd skips a control string (OSC, DCS...) up to and including its
// terminator: BEL, ESC \ or the 8-bit ST. An unterminated string runs to
// the end, as a terminal would swallow it.
func stringEnd(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

// insureSGR reports whether seq (ESC [ ... m) only sets what ColorScheme
// uses.
func insureSGR(seq string) bool {
	if len(seq) < 3 || seq[len(seq)-1] != 'm' {
		return false
	}
	params := seq[2 : len(seq)-1]
	if params == "" {
		return true
	}
	for _, p := range strings.Split(params, ";") {
		switch p {
		case "0", "1", "2", "22", "31", "32", "33", "39", "90":
		default:
			return false
		}
	}
	return true
}
