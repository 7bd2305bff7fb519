package ebao

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"net/url"
	"strings"
)

// APIVersion is the only version the document describes; it travels in the
// query string of every request.
const APIVersion = "1"

// Sign returns the lower-case hex MD5 of body followed by secretKey. The
// server computes the same over the bytes it receives, so body must be the
// exact bytes that go on the wire: re-encoding the JSON after signing (even
// only reordering keys or changing whitespace) breaks the signature.
func Sign(body []byte, secretKey string) string {
	h := md5.New()
	h.Write(body)
	h.Write([]byte(secretKey))
	return hex.EncodeToString(h.Sum(nil))
}

// SignedURL is baseURL + path with the query the server authenticates:
// version, accessKey and the signature of body. The parameters keep the
// document's order so a URL built here matches one captured from another
// client byte for byte.
func SignedURL(baseURL, path, accessKey string, body []byte, secretKey string) string {
	return strings.TrimRight(baseURL, "/") + path +
		"?version=" + APIVersion +
		"&accessKey=" + url.QueryEscape(accessKey) +
		"&signature=" + Sign(body, secretKey)
}

// VerifyResponse reports whether got is the signature of body under
// secretKey. The comparison takes constant time so an attacker timing the
// client cannot learn the expected value byte by byte; hex case is ignored
// because nothing in the document pins it for the server's header.
func VerifyResponse(body []byte, secretKey, got string) bool {
	want := Sign(body, secretKey)
	g := strings.ToLower(strings.TrimSpace(got))
	return subtle.ConstantTimeCompare([]byte(want), []byte(g)) == 1
}
