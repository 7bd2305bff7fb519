package sunshine

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// Answers that are the platform's envelope but cannot be read as a whole
// answer are told apart from pages that are no envelope at all: pointing
// at the endpoint URL would send people after the wrong thing.

// bodiless reads an envelope without a <Response>. A refusal (300, 400)
// is read from its header like any other: a refusal's body is empty
// anyway (3.5.2), its header is never signed, and the signature of an
// empty body is the same for every answer, so it would vouch for
// nothing. Any other status promises a body that is not there: nothing of
// the answer is trusted.
func bodiless(op string, resp *Response) (*Response, error) {
	if resp.Status == StatusDeclined || resp.Status == StatusStopped {
		return resp, nil
	}
	return nil, &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op, Err: errNoBody,
		Message: "the platform's envelope holds no <Response>, the signed body, so nothing in it could be verified" + unverifiedSays(resp),
		Hint:    "the answer is incomplete: send the same request again (the platform answers an identical request identically), or ask Sunshine about SessionId " + orNone(resp.Header.SessionID)}
}

// mislabelled explains an answer that declares UTF-8 but whose bytes are
// not UTF-8 while they read cleanly as GBK, the manual's encoding (3.2):
// the platform labelled its answer wrongly. It is not read as GBK all the
// same: which text the platform meant is a guess, and the answer is not
// acted on. nil when the answer is not that.
func mislabelled(op string, body []byte, err error) *failure.Error {
	m := declEncoding().FindSubmatch(body)
	if m == nil || !strings.EqualFold(string(m[1]), "utf-8") && !strings.EqualFold(string(m[1]), "utf8") || utf8.Valid(body) {
		return nil
	}
	text, derr := decodeGB18030(body)
	if derr != nil || bytes.ContainsRune(text, utf8.RuneError) {
		return nil
	}
	where := notUTF8(body, true)
	msg := fmt.Sprintf("the answer declares encoding=%q but is not UTF-8 (line %d holds the byte 0x%02X); its bytes read as GBK, the platform's encoding, so the platform labelled its answer wrongly and it was not read",
		m[1], where.Line, where.Byte)
	said := ""
	if env, _, perr := parseEnvelope(body, decodeGB18030); perr == nil && len(env.Packages) > 0 {
		h := env.Packages[0].Header
		said = unverifiedSays(&Response{Status: h.Status, ErrorMessages: nonEmptyLines(h.ErrorMessage)})
	}
	return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op, Err: err,
		Message: msg + said,
		Hint:    "ask Sunshine to declare its answers GBK (as the manual's envelope does) or to send UTF-8; then send the same request again (the platform answers an identical request identically)"}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, t)
		}
	}
	return out
}
