package api

import (
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// checkDescriptionEncoding refuses a request description that is not
// UTF-8: most often one saved as GBK, the platform's own encoding, for
// which the YAML decoder's "invalid trailing UTF-8 octet" names neither
// the cause nor the fix. insure converts to GBK itself when it sends.
func checkDescriptionEncoding(file string, txn sunshine.Transaction, b []byte) error {
	if utf8.Valid(b) {
		return nil
	}
	field := "-f " + file
	if file == "-" {
		field = "stdin (-f -)"
	}
	return failure.Invalid(sunshine.Provider, txn.Operation(), failure.FieldError{Field: field,
		Rule: "is not UTF-8 (saved as GBK?): a request description is YAML or JSON in UTF-8, which insure converts to GBK " +
			"when it sends (a whole XML envelope in GBK goes with --raw-xml)",
		Example: "iconv -f GBK -t UTF-8 " + string(txn) + ".yaml > " + string(txn) + "-utf8.yaml"})
}
