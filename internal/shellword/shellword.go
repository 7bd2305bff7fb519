// Package shellword quotes a word for a POSIX shell, so that a command
// insure prints (a hint, a --resume line, a reproduce line) can be pasted
// as is. One quoter for all of them: four hand-written ones had three
// ideas of which characters were safe.
package shellword

import (
	"strings"
	"unicode"
)

// Quote returns s as is when every character is one a shell takes
// literally in a word (ASCII letters and digits, -_./:=,@+%, and letters
// and digits outside ASCII, such as a plate's 京), else in single quotes.
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+%", r) ||
			r > unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
