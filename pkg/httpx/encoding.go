package httpx

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// EncodingError is an answer whose body came in a Content-Encoding insure
// cannot read. net/http asks for gzip on insure's behalf and decodes it
// (the header is then gone); anything else (deflate, br, x-gzip, gzip
// twice, a name of the server's own) is bytes no provider client can
// parse, which used to reach it as "not JSON" with no word of why.
type EncodingError struct{ Encoding string }

func (e *EncodingError) Error() string {
	return fmt.Sprintf("answer in Content-Encoding %q, which insure did not ask for and cannot read", e.Encoding)
}

// unreadableEncoding returns an *EncodingError when resp's body (body, as
// read) is in an encoding nobody will decode: not identity, not undone by
// net/http, and not asked for by the request itself (whose sender then
// decodes it). Only a 2xx answer's body is a result: any other status is
// classified by itself (a 502 is repeated as a 502), and an empty body
// reads the same in any encoding.
func unreadableEncoding(req *http.Request, resp *http.Response, body []byte) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 || len(body) == 0 || req.Header.Get("Accept-Encoding") != "" {
		return nil
	}
	ce := strings.TrimSpace(strings.Join(resp.Header.Values("Content-Encoding"), ", "))
	if ce == "" || strings.EqualFold(ce, "identity") {
		return nil
	}
	if len(ce) > 40 { // the server's text, quoted in the message
		ce = ce[:40] + "..."
	}
	return &EncodingError{Encoding: ce}
}

func (r Request) undecodable(ee *EncodingError) *failure.Error {
	e := &failure.Error{Kind: failure.Verification, Provider: r.Provider, Operation: r.Operation,
		Message: ee.Error() + ": it was not used", Unknown: r.Acts, Err: ee}
	fix := fmt.Sprintf("the %s endpoint, or a proxy in front of it, compresses answers unasked: check the profile's %s endpoint (-v shows the headers that came back)", r.Provider, r.Provider)
	e.Hint = r.unknownHint(fix)
	if r.Acts {
		e.Hint += "; " + fix
	}
	return e
}
