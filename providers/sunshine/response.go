package sunshine

import (
	"errors"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// Response is the platform's answer to one transaction: the first
// package's header and body, flattened for printing, with every package
// in Packages when there are several.
type Response struct {
	Header        Header   `json:"header"`
	Status        string   `json:"status"`
	ErrorMessages []string `json:"errorMessages,omitempty"`
	ResponseBody
	Sign     string    `json:"sign,omitempty"`
	Packages []Package `json:"packages,omitempty"`

	Raw  []byte `json:"-"` // GBK bytes as received, for -o raw
	UTF8 []byte `json:"-"` // the same document in UTF-8
}

// ReadResponse parses an answer without checking its signature (see
// VerifyDocument).
func ReadResponse(raw []byte) (*Response, error) {
	r, err := readEnvelopeAnswer(raw)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// errNoBody is an envelope whose first package has no <Response>.
var errNoBody = errors.New("the envelope has no <Response>")

// readEnvelopeAnswer is ReadResponse, except that an envelope without a
// <Response> comes back with errNoBody and its header (and an empty
// body): the platform's refusals may come that way, and what the header
// says is then still worth reading.
func readEnvelopeAnswer(raw []byte) (*Response, error) {
	env, utf8Doc, err := parseEnvelope(raw, decodeAnswer)
	if err != nil {
		return nil, err
	}
	first := env.Packages[0]
	body := first.Response
	if body == nil {
		body, err = &ResponseBody{}, errNoBody
	}
	r := &Response{Header: first.Header, Status: first.Header.Status, ResponseBody: *body, Sign: first.Sign, Raw: raw, UTF8: utf8Doc}
	r.ErrorMessages = nonEmptyLines(first.Header.ErrorMessage)
	if len(env.Packages) > 1 {
		r.Packages = env.Packages
	}
	return r, err
}

// NeedsInput says the answer is a form to fill in and send back (200).
func (r *Response) NeedsInput() bool { return r.Status == StatusNeedForm }

// Message is the error messages as one line.
func (r *Response) Message() string { return strings.Join(r.ErrorMessages, "; ") }

// Premiums maps each control key that carries a premium (cov_200,
// forcePremium, bizTotalPremium, totalPremium...) to it, in fen.
func (r *Response) Premiums() map[string]int64 {
	out := map[string]int64{}
	for _, g := range r.TagsList {
		for _, t := range g.Tags {
			if p, ok := t.Premium(); ok && t.Key() != "" {
				out[t.Key()] = p
			}
		}
	}
	return out
}

// Premium is the premium of one control, in fen.
func (r *Response) Premium(key string) (int64, bool) {
	p, ok := r.Premiums()[key]
	return p, ok
}

// ProposalNos maps sub-order type (biz, force) to proposal number.
func (r *Response) ProposalNos() map[string]string {
	return r.subOrderField(func(s SubOrder) string { return s.ProposalNo })
}

// PolicyNos maps sub-order type (biz, force) to policy number.
func (r *Response) PolicyNos() map[string]string {
	return r.subOrderField(func(s SubOrder) string { return s.PolicyNo })
}

func (r *Response) subOrderField(f func(SubOrder) string) map[string]string {
	out := map[string]string{}
	if r.Order == nil {
		return out
	}
	for _, s := range r.Order.SubOrders {
		if v := f(s); v != "" {
			out[s.Type] = v
		}
	}
	return out
}

// NeedsVerificationCode says a 120 answer asks for the customer's code (127).
func (r *Response) NeedsVerificationCode() bool { return r.IsIDVerify == "1" }

// statusError maps the header status (and, for 126/127, ResponseCode) to
// a typed error; nil for 100 and 200.
func statusError(txn Transaction, r *Response) error {
	op := txn.Operation()
	sid := r.Header.SessionID
	switch r.Status {
	case StatusOK:
		// The manual: ResponseCode success means done, anything else is a
		// failure; an answer without one did not confirm the code either.
		if (txn == TxnSendCode || txn == TxnCheckCode) && !strings.EqualFold(strings.TrimSpace(r.ResponseCode), "success") {
			msg := r.ResponseMessage
			switch {
			case msg != "":
			case r.ResponseCode == "":
				msg = "the answer carries no ResponseCode, so the verification code step is not confirmed"
			default:
				msg = "the verification code step failed"
			}
			e := &failure.Error{Kind: failure.Refused, Provider: Provider, Operation: op, Code: r.ResponseCode, Message: msg}
			if txn == TxnSendCode {
				// 126 is what failed: asking for it again is all there is.
				return e.WithHint("the platform did not text the code: send 126 again later, or ask Sunshine about SessionId %s", sid)
			}
			return e.WithHint("check the code the customer received, or ask for a new one with 126 (SessionId %s)", sid)
		}
		return nil
	case StatusNeedForm:
		return nil
	case StatusDeclined, StatusStopped:
		msg := r.Message()
		said := msg != ""
		if !said {
			msg = map[string]string{StatusDeclined: "declined by the insurer", StatusStopped: "the platform stopped the flow"}[r.Status]
		}
		e := &failure.Error{Kind: failure.Refused, Provider: Provider, Operation: op, Code: r.Status, Message: msg}
		// The platform has no separate code for a rejected signature; it
		// says so in the message, and that is a credentials problem.
		if strings.Contains(msg, "签名") || strings.Contains(msg, "验签") {
			e.Kind = failure.Auth
			return e.WithHint("check private-key and seller-id in the profile: the platform must hold the matching public key")
		}
		switch {
		case r.Status == StatusDeclined && txn.standalone():
			// Its SessionId is the look-up's own, no purchase's.
			return e.WithHint("the insurer will not cover this case online: no purchase can be made for it")
		case r.Status == StatusDeclined:
			return e.WithHint("the insurer will not cover this case online; nothing more can be done in session %s", sid)
		case txn.standalone():
			e.Hint = standaloneStoppedHint(said)
		default:
			e.Hint = stoppedHint(msg, said, sid)
		}
		return e
	default:
		return unknownStatus(txn, r)
	}
}

// unknownStatus is an answer whose status the manual does not define, or
// that gives none: what became of the step is not known.
func unknownStatus(txn Transaction, r *Response) error {
	msg := "unrecognised status " + quote(r.Status) + " in the answer (the manual defines 100, 200, 300 and 400)"
	if r.Status == "" {
		msg = "the answer's header gives no Status (100, 200, 300 or 400), so whether the step went through is not known"
	}
	if m := r.Message(); m != "" {
		msg += "; its message: " + m
	}
	hint := "send the request again, or ask Sunshine what the answer means"
	if !txn.standalone() {
		hint = "the platform answers an identical request identically: send the same signed request again (e.g. from `insure history show`), or ask Sunshine about SessionId " + orNone(r.Header.SessionID)
	}
	return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: txn.Operation(), Code: r.Status, Message: msg, Hint: hint}
}

// standaloneStoppedHint is what to do about a 400 to 050 or 095: no
// session to go on with or start again, only the request itself.
func standaloneStoppedHint(said bool) string {
	if !said {
		return "the platform refused this request without saying why: check it (plate, city code, profile's seller-id and agent-code) and send it again"
	}
	return "the platform refused this request for what its message names: correct that (a field, a value, the encoding) and send it again"
}

// stepOrderWords are what the platform's 400 messages say when a step
// came out of order: 交易顺序错误 (the step order is wrong), 请先…
// (send 100, or 127, or 105 first), 尚未报价 (not quoted yet), 未保存保费
// (115 not done), or when the session is the trouble (SessionId不存在,
// SessionId已使用过: a 100 starts a session with a new SessionId).
var stepOrderWords = []string{"顺序", "请先", "尚未", "未保存", "SessionId"}

// stoppedHint is what to do about a 400. Only a message about the order
// of the steps is told to check the order or start again; an already
// issued order is told not to issue again; any other message (an unknown
// city, a request that is not GBK, a wrong field) names what to correct.
func stoppedHint(msg string, said bool, sid string) string {
	session := "session " + sid
	if sid == "" {
		session = "the session"
	}
	switch {
	case !said:
		return "the platform stopped this step of " + session + " without saying why: check the request and the order of the steps, or start again with a new 100 request"
	case strings.Contains(msg, "已承保"):
		return "the order of " + session + " is already issued (the message names its policies): do not send 130 again; a new purchase starts with a new 100 request"
	}
	for _, w := range stepOrderWords {
		if strings.Contains(msg, w) {
			return "the platform stopped this step of " + session + ": check the order of the steps, or start again with a new 100 request"
		}
	}
	return "the platform refused this step of " + session + " for what its message names: correct that (a field, a value, the encoding) and send the step again"
}

func quote(s string) string { return `"` + s + `"` }
