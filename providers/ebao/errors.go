package ebao

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// Provider is this package's name in errors, the journal and the wire log.
const Provider = "ebao"

// Operation names, as they appear in httpx.Call and failure.Error.
const (
	OpQuotation    = "quotation"
	OpIssuance     = "issuance"
	OpCancellation = "cancellation"
)

// UnverifiedResponse is the cause inside a Verification error: the body
// arrived but its signature header was missing (when required), wrong, or
// the body could not be parsed. The body is kept so `-o raw` can still show
// it, marked as untrusted, instead of it being lost.
type UnverifiedResponse struct {
	Status int
	Header string // the signature header's name
	Got    string // the header's value as received ("" when absent)
	Reason string
	Raw    []byte
}

func (u *UnverifiedResponse) Error() string { return u.Reason }

// ServerError is the cause inside an error for a non-2xx answer. The
// document defines no error body; the service runs on Tomcat/Spring, whose
// default error body is {timestamp, status, error, message, path}, so that
// is read when present.
type ServerError struct {
	Status    int             `json:"status"`
	Timestamp json.RawMessage `json:"timestamp,omitempty"` // epoch millis or text, by Spring version
	ErrorText string          `json:"error,omitempty"`
	Message   string          `json:"message,omitempty"`
	Path      string          `json:"path,omitempty"`
	Raw       []byte          `json:"-"`
	// Signed says the answer carried a signature header, which verified
	// (one that did not is a verification error, not a ServerError).
	Signed bool `json:"-"`
}

func (s *ServerError) Error() string {
	return fmt.Sprintf("HTTP %d %s", s.Status, s.describe())
}

func (s *ServerError) describe() string {
	// The status is already in the error's Code; the message is the part
	// that names the field.
	switch {
	case s.Message != "" && s.Message != "No message available":
		return s.Message
	case s.ErrorText != "":
		return s.ErrorText
	}
	// Not the Spring shape: show the start of what came, masked before it
	// is cut, since a gateway may echo the key and a cut through it would
	// leave its start where no later masking recognises it.
	t := httpx.Excerpt(strings.TrimSpace(string(s.Raw)), 200)
	if t == "" {
		t = http.StatusText(s.Status)
	}
	return t
}

func parseServerError(status int, body []byte) *ServerError {
	se := &ServerError{}
	if json.Unmarshal(body, se) != nil {
		se = &ServerError{}
	}
	if se.Message == "" {
		// Other gateways in front of the service use errorMessage or msg.
		var alt struct {
			ErrorMessage string `json:"errorMessage"`
			Msg          string `json:"msg"`
		}
		if json.Unmarshal(body, &alt) == nil {
			se.Message = alt.ErrorMessage + alt.Msg
		}
	}
	se.Status = status
	se.Raw = body
	return se
}

// answerError reads the error a successful (2xx) answer may carry instead
// of its result: the Spring shape ({status, error, message}) or a
// gateway's {code|errorCode, message|errorMessage|msg}. It is nil when
// the body carries no message. The answer passed its signature check, so
// it is the service refusing: Refused (exit 4), with its code and message.
// key is the quotation (issuance) or policy (cancellation) number sent.
func answerError(op string, body []byte, key string) *failure.Error {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	text := func(names ...string) string {
		for _, n := range names {
			v, ok := m[n]
			if !ok {
				continue
			}
			var str string
			if json.Unmarshal(v, &str) == nil && strings.TrimSpace(str) != "" {
				return strings.TrimSpace(str)
			}
			var num json.Number
			if json.Unmarshal(v, &num) == nil && num != "" {
				return num.String()
			}
		}
		return ""
	}
	msg := text("message", "errorMessage", "msg", "error")
	if msg == "" || msg == "No message available" {
		if msg = text("error"); msg == "" {
			return nil
		}
	}
	code := text("code", "errorCode", "status")
	return &failure.Error{Kind: failure.Refused, Provider: Provider, Operation: op, Code: code,
		Message: "the service refused the " + op + ": " + msg, Hint: refusalHint(op, key)}
}

// refusalHint says what a refused request left behind and what to do
// next. A repeated issuance or cancellation is how a user settles one whose
// answer was lost, so the hint must not send them to repeat it blindly:
// the refusal of a repeat means the first one took effect.
func refusalHint(op, key string) string {
	switch op {
	case OpIssuance:
		h := "nothing was issued by this request"
		if key != "" {
			h = "quotation " + key + ": " + h
		}
		return h + "; if the message says the quotation is already a policy, that policy stands (quote again for another one), otherwise correct what the message names and issue again"
	case OpCancellation:
		// "Not effective" alone does not say cancelled: an expired
		// policy, or one not yet in force, is not effective either.
		return "policy " + key + " was not cancelled by this request; if the message says the policy is already cancelled (status CANCELLED, 已退保), that earlier cancellation stands; if it says only that the policy is not effective, ask eBao for its status; otherwise correct what the message names (the application date or type, the channel) and cancel again"
	}
	return "nothing was quoted; correct what the message names and quote again"
}

// changes reports whether op buys, issues or cancels, so an unanswered
// request may have taken effect.
func changes(op string) bool { return op == OpIssuance || op == OpCancellation }

// checkHint says how to find out what happened to an unanswered request;
// key is the quotation or policy number the request carried, if any.
func checkHint(op, key string) string {
	with := "the same request"
	if op == OpCancellation && key != "" {
		// A whole command, pasted as is: "the same `insure cancel`"
		// without the policy number was a usage error when followed.
		with = "`insure cancel --provider " + Provider + " " + key + " --yes`"
	}
	return settleHint(op, key, with)
}

// settleHint is checkHint with the command (or words) that send the act
// again: with.
func settleHint(op, key, with string) string {
	switch op {
	case OpIssuance:
		// As for a cancellation, repeating is how to learn the outcome:
		// eBao issues a quotation once and refuses it afterwards, naming
		// the policy (docs/providers/ebao.md), so a repeat cannot issue
		// a second policy. "Ask eBao first" sent people to a support desk
		// for what the same request answers.
		quotation := "the quotation"
		if key != "" {
			quotation = "quotation " + key
		}
		return "the policy may have been issued: to settle it, issue " + quotation + " again with " + with + ": " +
			"eBao refuses a quotation that is already a policy (exit 4, naming the policy) and issues it otherwise"
	case OpCancellation:
		// Repeating is how to learn the outcome: a policy cancelled once
		// is refused as cancelled (refusalHint says what that means), one
		// that was not is cancelled now; it cannot be cancelled twice.
		policy := "the policy"
		if key != "" {
			policy = "policy " + key
		}
		return "the policy may already be cancelled: to settle it, cancel " + policy + " again with " + with + ": " +
			"eBao refuses a policy that is already cancelled (exit 4, saying it is cancelled) and cancels it otherwise"
	}
	return "a quotation changes nothing: it is safe to send again"
}

// SettleWith names with (one whole command in backquotes, as pasted, or
// "the same body piped to `...`") in the hint of an issuance or
// cancellation whose outcome is unknown, in place of the client's generic
// way of sending it again; what the hint says after that (-o raw, the
// endpoint to check) is kept. key is the quotation or policy number the
// request carried. Other errors are left as they are.
func SettleWith(err error, op, key, with string) {
	var fe *failure.Error
	if !errors.As(err, &fe) || !fe.Unknown || !changes(op) {
		return
	}
	generic, own := checkHint(op, key), settleHint(op, key, with)
	switch {
	case strings.HasPrefix(fe.Hint, generic):
		fe.Hint = own + strings.TrimPrefix(fe.Hint, generic)
	case strings.Contains(fe.Hint, generic):
		// After what went wrong (an answer that did not verify): the
		// advice is replaced where it stands, not given twice.
		fe.Hint = strings.Replace(fe.Hint, generic, own, 1)
	case fe.Hint != "":
		fe.Hint = own + "; " + fe.Hint
	default:
		fe.Hint = own
	}
}

// statusError turns a non-2xx answer into a typed error: the kind comes
// from the shared table (httpx.Request.StatusError), the message from the
// body, the hint from what eBao's statuses usually mean.
func statusError(rq httpx.Request, resp *httpx.Response) *failure.Error {
	se := parseServerError(resp.Status, resp.Body)
	e := rq.StatusError(resp)
	e.Message, e.Err = se.describe(), se
	if st := resp.Status; st >= 500 {
		// The server's own text ("boom", "upstream down") does not say
		// that the server failed, nor that an act may have been done.
		head := fmt.Sprintf("the server failed (HTTP %d %s)", st, http.StatusText(st))
		if e.Message != http.StatusText(st) {
			head += ": " + e.Message
		}
		if e.Unknown {
			head += "; the " + rq.Operation + " may have been done before it failed: the outcome is unknown"
		}
		e.Message = head
	}
	if resp.Attempts > 1 {
		e.Message += fmt.Sprintf(" (after %d attempts)", resp.Attempts)
	}
	switch st := resp.Status; {
	case e.Kind == failure.Auth:
		e.Hint = "check the profile's access-key and secret-key, and that the body was sent exactly as signed (re-serialising or re-indenting the JSON after signing changes the bytes and the signature)"
	case st == http.StatusBadRequest || st == http.StatusConflict || st == http.StatusUnprocessableEntity:
		e.Hint = refusalHint(rq.Operation, rq.Keys["quotationNumber"]+rq.Keys["policyNumber"])
	case st == http.StatusUnsupportedMediaType:
		// The path was found; what it refused is the body's type.
		e.Hint = "eBao takes the body as JSON with Content-Type application/json (insure sends that): a gateway or proxy in front of the endpoint may have changed the header or the body; nothing was done"
	case e.Kind == failure.Refused:
		e.Hint = "check the profile's endpoint: it should be the service root in front of /pa_web/api"
	}
	return e
}

func verificationError(op string, u *UnverifiedResponse, hint string) *failure.Error {
	return &failure.Error{
		Kind: failure.Verification, Provider: Provider, Operation: op,
		Message: u.Reason + "; the body is not trusted", Hint: hint, Err: u,
	}
}
