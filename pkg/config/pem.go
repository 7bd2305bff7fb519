package config

import (
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/pemtext"
)

// CheckPEM refuses a value that holds PEM text ("-----BEGIN") that does
// not read as PEM even after NormalizePEM, naming provider.key; the value
// is never repeated. Nil for any other value.
func CheckPEM(provider, key, value string) *failure.FieldError {
	if !strings.Contains(value, "-----BEGIN") || pemtext.Reads(pemtext.Normalize(value)) {
		return nil
	}
	return &failure.FieldError{Field: strings.ToLower(provider + "." + key),
		Rule:    "holds PEM text that cannot be read: it needs its -----BEGIN ...----- line, the base64 lines and the matching -----END ...----- line",
		Example: "the path of the PEM file, such as /etc/insure/partner.pem"}
}

// NormalizePEM is pemtext.Normalize: a value holding PEM text that lost
// its line breaks, given them back.
func NormalizePEM(v string) string { return pemtext.Normalize(v) }
