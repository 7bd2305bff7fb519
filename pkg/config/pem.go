package config

import (
	"encoding/pem"
	"regexp"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// pemBlock is one PEM block whose line breaks may have been lost: the
// BEGIN line, the base64 body, the END line, with any blanks between.
var pemBlock = regexp.MustCompile(`(?s)(-----BEGIN [A-Z0-9 ]+-----)\s*(.*?)\s*(-----END [A-Z0-9 ]+-----)`)

// NormalizePEM gives PEM text (a key pasted as a setting's value) back the
// line breaks it lost on the way: a one-line text input turns each line
// break of a paste into a space, and CI variables and JSON often carry
// them as the two characters \n. Such a value was saved as it came and
// failed at every use ("key is neither PEM nor base64 DER"). A value that
// is not PEM text, or that already reads as PEM, is returned unchanged.
func NormalizePEM(v string) string {
	if !strings.Contains(v, "-----BEGIN") || readsAsPEM(v) {
		return v
	}
	s := strings.ReplaceAll(v, `\r\n`, "\n")
	s = strings.ReplaceAll(s, `\n`, "\n")
	s = strings.ReplaceAll(s, `\r`, "\n")
	s = pemBlock.ReplaceAllStringFunc(s, func(b string) string {
		m := pemBlock.FindStringSubmatch(b)
		return m[1] + "\n" + strings.Join(strings.Fields(m[2]), "\n") + "\n" + m[3]
	})
	s = strings.TrimSpace(s) + "\n"
	if !readsAsPEM(s) {
		return v
	}
	return s
}

func readsAsPEM(v string) bool {
	b, _ := pem.Decode([]byte(v))
	return b != nil
}

// CheckPEM refuses a value that holds PEM text ("-----BEGIN") that does
// not read as PEM even after NormalizePEM, naming provider.key; the value
// is never repeated. Nil for any other value.
func CheckPEM(provider, key, value string) *failure.FieldError {
	if !strings.Contains(value, "-----BEGIN") || readsAsPEM(NormalizePEM(value)) {
		return nil
	}
	return &failure.FieldError{Field: strings.ToLower(provider + "." + key),
		Rule:    "holds PEM text that cannot be read: it needs its -----BEGIN ...----- line, the base64 lines and the matching -----END ...----- line",
		Example: "the path of the PEM file, such as /etc/insure/partner.pem"}
}
