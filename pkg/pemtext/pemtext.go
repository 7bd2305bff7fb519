// Package pemtext repairs PEM text that lost its line breaks on the way
// into a setting: profile add and configure save it repaired, and the
// Sunshine client reads a key given so through the environment.
package pemtext

import (
	"encoding/pem"
	"regexp"
	"strings"
	"sync"
)

// pemBlock is one PEM block whose line breaks may have been lost: the
// BEGIN line, the base64 body, the END line, with any blanks between.
var pemBlock = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?s)(-----BEGIN [A-Z0-9 ]+-----)\s*(.*?)\s*(-----END [A-Z0-9 ]+-----)`)
})

// Normalize gives PEM text (a key pasted as a setting's value) back the
// line breaks it lost on the way: a one-line text input turns each line
// break of a paste into a space, and CI variables and JSON often carry
// them as the two characters \n. Such a value was saved as it came and
// failed at every use ("key is neither PEM nor base64 DER"). A value that
// is not PEM text, or that already reads as PEM, is returned unchanged.
func Normalize(v string) string {
	if !strings.Contains(v, "-----BEGIN") || Reads(v) {
		return v
	}
	s := strings.ReplaceAll(v, `\r\n`, "\n")
	s = strings.ReplaceAll(s, `\n`, "\n")
	s = strings.ReplaceAll(s, `\r`, "\n")
	s = pemBlock().ReplaceAllStringFunc(s, func(b string) string {
		m := pemBlock().FindStringSubmatch(b)
		return m[1] + "\n" + strings.Join(strings.Fields(m[2]), "\n") + "\n" + m[3]
	})
	s = strings.TrimSpace(s) + "\n"
	if !Reads(s) {
		return v
	}
	return s
}

// Reads says whether v begins with a PEM block that decodes.
func Reads(v string) bool {
	b, _ := pem.Decode([]byte(v))
	return b != nil
}
