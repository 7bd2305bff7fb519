package sunshine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// The signature covers only <Response>: the Header (Status, SessionId,
// RequestType, ErrorMessage) travels unsigned. crossCheck tests what can
// be tested without it: the answer must belong to the request (the same
// SessionId and RequestType, both of which the header table marks
// required, 3.2.1), and a status must agree with the signed body it comes
// with.
func crossCheck(op string, sent Header, r *Response) error {
	bad := func(format string, args ...any) error {
		return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
			Message: "the answer's header does not match: " + fmt.Sprintf(format, args...),
			Hint:    "the header is not covered by the platform's signature, so it was not trusted; send the same request again or ask Sunshine"}
	}
	h := r.Header
	// An answer that does not say what it answers cannot be matched to
	// the request: it could be any step's, of any session.
	switch {
	case h.RequestType == "" && sent.RequestType != "":
		return bad("the answer names no RequestType, so it cannot be matched to the %s request", sent.RequestType)
	case h.SessionID == "" && sent.SessionID != "":
		return bad("the answer names no SessionId, so it cannot be matched to the request with SessionId %s", sent.SessionID)
	case h.SessionID != sent.SessionID && sent.SessionID != "":
		return bad("SessionId %s answers a request with SessionId %s", h.SessionID, sent.SessionID)
	case sent.RequestType != "" && !answersType(h.RequestType, sent.RequestType):
		return bad("RequestType %s answers a %s request", h.RequestType, sent.RequestType)
	}
	// A 200 asks for input with a form; the payment check's 200 is no
	// form but "still confirming" (3.12.2), which needs no control.
	if r.Status == StatusNeedForm && !hasControl(r.TagsList) && Transaction(sent.RequestType) != TxnPaymentCheck {
		return bad("status 200 (more input needed) but the signed body holds no form control")
	}
	return nil
}

// answersType says whether an answer's RequestType fits the request's.
// The manual's answer to 127 "is the same as the 126 answer" (3.14.2) and
// its example carries RequestType 126, so 126 also answers 127.
func answersType(got, sent string) bool {
	got, sent = strings.TrimLeft(got, "0"), strings.TrimLeft(sent, "0")
	return got == sent || (got == string(TxnSendCode) && sent == string(TxnCheckCode))
}

func hasControl(list []Tags) bool {
	for _, g := range list {
		for _, t := range g.Tags {
			if t.Key() != "" {
				return true
			}
		}
	}
	return false
}

// actUnverified adds to a 120 or 130 answer that could not be trusted
// what the person must know: the platform may well have underwritten the
// order or issued the policy. An untrusted answer tells no more than a
// lost one, so the outcome is unknown as after a dropped connection (and
// the journal says so, not "failed").
func actUnverified(txn Transaction, fe *failure.Error, sessionID string, req *RequestBody) error {
	order := ""
	if req != nil && req.Order != nil {
		order = " and order " + req.Order.TBOrderID
	}
	if txn == TxnIssue {
		fe.Message += "; the policy may already be issued"
		fe.Hint = fmt.Sprintf("do not pay or issue again: send the identical signed request again (the platform answers it identically, e.g. from `insure history show`), or ask Sunshine about SessionId %s%s", sessionID, order)
	} else {
		fe.Message += "; the order may already be underwritten"
		fe.Hint = fmt.Sprintf("do not underwrite it again with a new request: send the identical signed request again (the platform answers it identically, e.g. from `insure history show`), or ask Sunshine about SessionId %s%s", sessionID, order)
	}
	fe.Unknown = true
	return fe
}

// describeBody says what an answer that is not an envelope looks like,
// without quoting more than a few characters of it.
func describeBody(b []byte) string {
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0:
		return "an empty body"
	case bytes.HasPrefix(bytes.ToLower(t), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t), []byte("<html")):
		return "an HTML page"
	}
	// Masked before it is cut: a proxy may echo a secret, and a cut
	// through it would leave a start no later masking recognises.
	m := httpx.MaskKnown(string(t))
	n := min(len(m), 24)
	for n > 0 && !utf8.ValidString(m[:n]) {
		n--
	}
	return fmt.Sprintf("%d bytes starting %q", len(b), m[:n])
}

// ErrPaidNotIssued is wrapped by a 130 refusal (300 or 400, other than
// "already issued"): 130 reports a payment already made, so the payment
// stands while no policy was issued.
var ErrPaidNotIssued = errors.New("the payment was made but no policy was issued")

// PaidNotIssuedHint is what to do after a 130 refusal: paying again is
// the one wrong move. resend says how to report the same payment again,
// which a 400 may allow once its cause is corrected.
func PaidNotIssuedHint(status string, pay *Payment, tbOrderID, sid, resend string) string {
	paid := "the payment this 130 reported"
	if pay != nil && pay.PayOrderID != "" {
		paid += " (PayOrderId " + pay.PayOrderID
		if pay.PayMoney != "" {
			paid += ", " + pay.PayMoney + " fen"
		}
		paid += ")"
	}
	where := "order " + orNone(tbOrderID) + ", SessionId " + orNone(sid)
	if status == StatusDeclined {
		return paid + " was made, but the insurer declined to issue: do not pay again; ask Sunshine to refund it (" + where + ")"
	}
	return paid + " was made, but the platform did not issue: do not pay again; correct what its message names and " + resend + ", or ask Sunshine to issue or refund (" + where + ")"
}

// paidNotIssued turns the refusal of a 130 reporting a payment into one
// that says the payment stands.
func paidNotIssued(err error, resp *Response, sid string, req *RequestBody) {
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Refused || strings.Contains(fe.Message, "已承保") || req == nil || req.Payment == nil {
		return
	}
	tb := ""
	if req.Order != nil {
		tb = req.Order.TBOrderID
	}
	fe.Err = ErrPaidNotIssued
	fe.Hint = PaidNotIssuedHint(resp.Status, req.Payment, tb, sid, "send 130 again with the same Payment")
}
