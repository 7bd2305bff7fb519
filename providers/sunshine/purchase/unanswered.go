package purchase

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/sunshine"
)

// Unanswered is a step sent whose answer never came, or came untrusted:
// the signed request as it travelled, and what it was built from.
type Unanswered struct {
	Spec sunshine.RequestSpec `json:"spec"`
	Body []byte               `json:"body"` // GBK, signed
}

// resentWhenLost says whether a step whose answer was lost is sent again
// byte for byte by the next command instead of being built anew. The
// platform answers an identical request identically; a rebuilt one (a
// new SendTime, a new PayTime) is a new request, which for underwriting
// and issue could be taken for a second one, or refused because the first
// went through, leaving the session unable to learn its own outcome.
func resentWhenLost(t sunshine.Transaction) bool {
	return t == sunshine.TxnUnderwrite || t == sunshine.TxnIssue
}

// signed returns the request to send for spec: the lost one of the same
// step when there is one (with the spec it was built from), else a new
// one for a step resentWhenLost, else no bytes (the client builds them).
func (f *Flow) signed(spec sunshine.RequestSpec) (sunshine.RequestSpec, []byte, error) {
	if !resentWhenLost(spec.Transaction) {
		return spec, nil, nil
	}
	if f.resendsLost(spec.Transaction) {
		u := f.Session.Unanswered
		f.note("%s %s: its answer was lost; sending the very same request again to learn what became of it (session %s; what this command was given does not change it)",
			spec.Transaction, spec.Transaction.Name(), f.Session.ID)
		return u.Spec, u.Body, nil
	}
	b, err := f.Client.Build(spec)
	return spec, b, err
}

// resendsLost says the next t sends the session's lost request of that
// step again, byte for byte.
func (f *Flow) resendsLost(t sunshine.Transaction) bool {
	if !resentWhenLost(t) || f.Session == nil {
		return false
	}
	u := f.Session.Unanswered
	return u != nil && u.Spec.Transaction == t && len(u.Body) > 0
}

// keepUnanswered records a request whose outcome is unknown (no answer, or
// one that failed verification) in the session, and forgets it once the
// platform answered. The session is saved whatever became of ctx: after a
// Ctrl-C the kept request is what lets the next issue send the same bytes.
func (f *Flow) keepUnanswered(ctx context.Context, spec sunshine.RequestSpec, body []byte, resp *sunshine.Response, err error) {
	s := f.Session
	var fe *failure.Error
	if errors.Is(err, sunshine.ErrPolicyMissing) && errors.As(err, &fe) {
		// A trusted answer that lacks a policy number: the platform did
		// answer, and the same request would get the same answer. The
		// session is issued; its message says what is missing.
		s.Unanswered = nil
		s.Message = fe.Message
		_ = f.Sessions.Save(context.WithoutCancel(ctx), s)
		return
	}
	untrusted := errors.As(err, &fe) && (fe.Kind == failure.Verification || fe.Kind == failure.Network && fe.Unknown)
	if resp != nil && !untrusted {
		if s.Unanswered != nil {
			s.Unanswered = nil
			_ = f.Sessions.Save(context.WithoutCancel(ctx), s) // the answer itself is saved already
		}
		return
	}
	if !untrusted {
		return // refused before it was sent, or known not to have arrived
	}
	// An answer with a status the manual does not define (its own 130
	// example answers 2) comes back with the error: it tells no more
	// than a lost one.
	s.Unanswered = &Unanswered{Spec: spec, Body: body}
	s.Message = fmt.Sprintf("the answer to %s was lost: the next issue of session %s sends the same request again", spec.Transaction, s.ID)
	if f.Sessions.Save(context.WithoutCancel(ctx), s) == nil {
		if spec.Transaction == sunshine.TxnIssue {
			// A kept 130 needs nothing of the next run (Session.ResendsIssue).
			fe.Hint = fmt.Sprintf("run the same issue command for session %s again; no flag but --yes is needed (`insure issue --provider sunshine --session %s --yes`): it sends the very same signed request, which the platform answers as it answered the first (do not pay or buy again meanwhile)", s.ID, s.ID)
		} else {
			// The same command, flags and all: the steps after the kept
			// request (125, 130) are built from them.
			fe.Hint = fmt.Sprintf("run the same issue command for session %s again (`%s`): it sends the very same signed request, which the platform answers as it answered the first (do not pay or buy again meanwhile)", s.ID, f.settleCommand())
		}
	}
}

// lostHint tells, when the answer to txn was lost (the request may have
// got through), which command settles it: the one that was running, run
// again. It continues from the last step the platform answered, so the
// lost step is sent again (byte for byte where resentWhenLost, and then
// keepUnanswered's own hint replaces this one). The client's hint, to send
// the same signed request again, names no command that can. An answer
// over the size limit is as lost as one cut short; a redirect was not
// followed, so the same command helps only once the endpoint is fixed.
func (f *Flow) lostHint(txn sunshine.Transaction, err error) {
	var fe *failure.Error
	var tooLarge *httpx.TooLargeError
	if f.Command == "" || !errors.As(err, &fe) || !fe.Unknown {
		return
	}
	if fe.Kind != failure.Network && !errors.As(err, &tooLarge) {
		return // not lost: it came, and did not verify
	}
	id := f.Session.ID
	var hint string
	switch {
	case id == "":
		// 100 unanswered: the session was never saved.
		hint = fmt.Sprintf("run the same %s command again: it opens a new session (nothing is bought before issue, so the one whose %s answer was lost can be left)", f.Command, txn)
	case f.starting:
		hint = fmt.Sprintf("continue session %s with `insure sunshine quote --session %s` and the same answers (-f, --set) but not --plate, --city, --owner or --mobile, which the session keeps: it sends %s again; or run the same quote command again to open a new session", id, id, txn)
	case f.Command == "issue":
		hint = fmt.Sprintf("run the same issue command for session %s again (`%s`): it continues from the last step the platform answered and sends %s again (do not pay or buy again meanwhile)", id, f.settleCommand(), txn)
	default:
		hint = fmt.Sprintf("run the same %s command for session %s again, with the same flags and answers: it continues from the last step the platform answered and sends %s again", f.Command, id, txn)
	}
	switch {
	case isRedirect(fe.Code):
		// Not followed, so the request went nowhere else; the same
		// command sends to the same endpoint again, so that comes first.
		fe.Hint = fmt.Sprintf("check the profile's %s endpoint: a redirect means it is not the platform's address (use the one the redirect names only if you trust it and it is https); then %s", sunshine.Provider, hint)
	case tooLarge != nil:
		fe.Hint = fmt.Sprintf("%s; no %s answer is larger than %d bytes, so check the profile's endpoint too", hint, sunshine.Provider, tooLarge.Limit)
	default:
		fe.Hint = hint
	}
}

func isRedirect(code string) bool { return len(code) == 3 && code[0] == '3' }
