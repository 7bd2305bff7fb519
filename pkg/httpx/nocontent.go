package httpx

import (
	"fmt"
	"net/http"

	"github.com/insurekit/insure/pkg/failure"
)

// An answer with no content: a 2xx (204 No Content, or a 200 with an
// empty body) where every provider's document gives a body. It reached
// the provider's parser, which reported a parse error ("unexpected end
// of JSON input", exit 6) as if the provider had said something wrong;
// for an act it hid that the request arrived and may have taken effect
// (a proxy or gateway that drops the body after forwarding the request).

// isNoContent says status and body are a 2xx without a body.
func isNoContent(status int, body []byte) bool {
	return status >= 200 && status < 300 && len(body) == 0
}

// noContentMessage names the status of an answer without a body.
func noContentMessage(status int) string {
	return fmt.Sprintf("answered %d %s with no body", status, http.StatusText(status))
}

// noContent is Send's error for a 2xx without a body. An act's outcome
// is unknown: the request arrived, and what came back says nothing of
// it (exit 5, with the act's check hint, as after a 5xx). Any other
// request failed to read its answer: exit 6, as for an answer that is
// not the provider's format, and it may be repeated.
func (r Request) noContent(resp *Response) *failure.Error {
	e := &failure.Error{Kind: noContentKind(r.Acts), Provider: r.Provider, Operation: r.Operation, Code: fmt.Sprint(resp.Status),
		Message: noContentMessage(resp.Status), Unknown: r.Acts}
	e.Hint = r.unknownHint(fmt.Sprintf("HTTP %d with an empty body is no %s answer: check the profile's %s endpoint (a proxy may drop the body; -v shows the exchange); repeating a %s is safe",
		resp.Status, r.Provider, r.Provider, r.Operation))
	if resp.Attempts > 1 {
		e.Message += fmt.Sprintf(" (after %d attempts)", resp.Attempts)
	}
	return e
}

func noContentKind(acts bool) failure.Kind {
	if acts {
		return failure.Network
	}
	return failure.Verification
}

// noContentVerdict is the journal row's verdict on a 2xx without a body:
// what Send reports of it.
func noContentVerdict(status int, acts bool) *Verdict {
	return &Verdict{ExitClass: noContentKind(acts).ExitCode(), Code: fmt.Sprint(status), Message: noContentMessage(status), Unknown: acts}
}
