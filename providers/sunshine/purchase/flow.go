package purchase

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/sunshine"
)

// maxRounds bounds how often one step is answered with a form: a platform
// that keeps asking for the same thing must not loop a terminal forever.
const maxRounds = 4

// Flow sends the steps of one session and keeps its state in the store
// after every answer, so a later command (or a retry after a failure)
// continues where this one stopped.
type Flow struct {
	Client   *sunshine.Client
	Sessions SessionStore
	Session  *Session
	// Asker asks what the answers leave open; nil in a script.
	Asker    Asker
	Progress Progress // nil: nobody is told
	// LastResponse is the platform's last answer (for printing it as XML).
	LastResponse *sunshine.Response
	// Command names the purchase command this flow runs ("quote",
	// "issue", "deliver"): after a lost answer, its hint says to run that
	// command again. Start, Change and Issue set it; empty leaves the
	// client's own hint.
	Command string
	// issueRequest is what Issue was given: the hint after a lost step
	// repeats its flags (settleCommand).
	issueRequest *IssueRequest
	// starting: Start is opening a new session (run again, the same
	// quote command would open another).
	starting bool
}

// Send sends one step of the session. The client already resends the
// identical signed bytes when the outcome is unknown (the platform answers
// an identical request identically), so nothing is rebuilt here.
func (f *Flow) Send(ctx context.Context, spec sunshine.RequestSpec) (*sunshine.Response, error) {
	if spec.Transaction != sunshine.TxnBasicInfo && !isStandalone(spec.Transaction) {
		spec.SessionID = f.Session.ID
		if err := f.Session.checkReadOnly(spec); err != nil {
			return nil, err
		}
	}
	if !f.resendsLost(spec.Transaction) {
		if err := f.Session.checkSessionOrder(spec); err != nil {
			return nil, err
		}
		// A lost request goes again as it was; anything new is checked.
		if err := checkIDInputs(spec); err != nil {
			return nil, err
		}
	}
	spec, body, err := f.signed(spec)
	if err != nil {
		return nil, err
	}
	var resp *sunshine.Response
	if body != nil {
		resp, err = f.Client.SendSigned(ctx, body)
	} else {
		resp, err = f.Client.Send(ctx, spec)
	}
	if errors.Is(err, httpx.ErrDryRun) {
		return nil, err
	}
	if resp != nil {
		f.LastResponse = resp
		if spec.Transaction == sunshine.TxnBasicInfo && f.Session.ID == "" {
			f.Session.ID = resp.Header.SessionID
		}
		if !isStandalone(spec.Transaction) && f.Session.ID != "" {
			// Only inputs the platform took are the session's: after a
			// refusal it still holds the earlier values, and the next step
			// built from the session must not send the refused ones again.
			// An answer that failed verification may have been taken.
			switch failure.KindOf(err) {
			case failure.Refused, failure.Auth, failure.RateLimit:
			default:
				f.Session.Remember(spec.InputsList)
			}
			f.Session.Apply(spec.Transaction, resp)
			if serr := f.Sessions.Save(context.WithoutCancel(ctx), f.Session); serr != nil && err == nil {
				err = serr
			}
		}
		if f.Progress != nil {
			f.Progress.Answered(spec.Transaction, resp)
		}
	}
	f.lostHint(spec.Transaction, err)
	if body != nil {
		// After the answer is applied, so an untrusted one (a status the
		// manual does not define) leaves the kept request and its message.
		f.keepUnanswered(ctx, spec, body, resp, err)
	}
	return resp, withSession(err, f.Session.ID)
}

// note tells the person something that is not a failure.
func (f *Flow) note(format string, args ...any) {
	if f.Progress != nil {
		f.Progress.Note(fmt.Sprintf(format, args...))
	}
}

func isStandalone(t sunshine.Transaction) bool {
	return t == sunshine.TxnColors || t == sunshine.TxnVehicleLookup
}

// withSession adds the session id to a hint that lacks one, so every
// failure says which purchase it belongs to.
func withSession(err error, id string) error {
	var fe *failure.Error
	if id == "" || !errors.As(err, &fe) || fe.Kind == failure.Usage {
		return err
	}
	if fe.Hint == "" {
		fe.Hint = fmt.Sprintf("session %s; see it with `insure sunshine sessions`", id)
	}
	return err
}

// Merge combines input groups; a later value for a key replaces an
// earlier one (in place, keeping its group). Groups of one type are told
// apart by their order within each list, as the platform tells them
// apart: the second driverInfo group of one list merges with the second
// of another, never into the first. An empty group only holds its place;
// it is sent when a later group of its type is.
func Merge(groups ...[]sunshine.Inputs) []sunshine.Inputs {
	var out []sunshine.Inputs
	where := map[string][2]int{} // by slotKey: group and position in out
	gidx := map[string][]int{}   // by type: the out group of each slot
	for _, gs := range groups {
		for gi, slot := range slots(gs) {
			g := gs[gi]
			for _, in := range g.Inputs {
				k := slotKey(in.Name, slot)
				if w, ok := where[k]; ok {
					out[w[0]].Inputs[w[1]].Value = in.Value
					continue
				}
				for len(gidx[g.Type]) <= slot {
					gidx[g.Type] = append(gidx[g.Type], len(out))
					out = append(out, sunshine.Inputs{Type: g.Type})
				}
				i := gidx[g.Type][slot]
				out[i].Inputs = append(out[i].Inputs, in)
				where[k] = [2]int{i, len(out[i].Inputs) - 1}
			}
		}
	}
	return out
}
