package sunshine

import (
	"bytes"

	provider "github.com/insurekit/insure/providers/sunshine"
)

// utf8BOM is the byte-order mark Windows editors write before UTF-8.
var utf8BOM = []byte("\xef\xbb\xbf")

// documentBytes is the document as GBK bytes, the encoding the platform
// signs (provider.ToGBK). ambiguous reports a file read as GBK, as it
// declares, although its bytes are also valid UTF-8
// (provider.GBKReadableAsUTF8): the command says so on stderr.
func documentBytes(b []byte) (doc []byte, ambiguous bool, err error) {
	ambiguous = provider.GBKReadableAsUTF8(b)
	// A byte-order mark (Windows editors write one) is no part of the
	// document, and GBK cannot write it.
	doc, err = provider.ToGBK(bytes.TrimPrefix(b, utf8BOM))
	return doc, ambiguous, err
}
