package shared

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine"
)

// Flow sends the steps of one session and keeps its state in the store
// after every answer, so a later command (or a retry after a failure)
// continues where this one stopped.
type Flow struct {
	C  *sunshine.Client
	St *store.Store
	S  *Session
	IO *iostreams.IOStreams
	// Last is the last answer, for -o xml and -o raw.
	Last *sunshine.Response
}

// Send sends one step of the session. The client already resends the
// identical signed bytes when the outcome is unknown (the platform answers
// an identical request identically), so nothing is rebuilt here.
func (f *Flow) Send(ctx context.Context, spec sunshine.RequestSpec) (*sunshine.Response, error) {
	if spec.Transaction != sunshine.TxnBasicInfo && !isStandalone(spec.Transaction) {
		spec.SessionID = f.S.ID
	}
	resp, err := f.C.Send(ctx, spec)
	if errors.Is(err, httpx.ErrDryRun) {
		return nil, err
	}
	if resp != nil {
		f.Last = resp
		if spec.Transaction == sunshine.TxnBasicInfo && f.S.ID == "" {
			f.S.ID = resp.Header.SessionID
		}
		if !isStandalone(spec.Transaction) && f.S.ID != "" {
			f.S.Remember(spec.InputsList)
			f.S.Apply(spec.Transaction, resp)
			if serr := Save(ctx, f.St, f.S); serr != nil && err == nil {
				err = serr
			}
		}
		f.progress(spec.Transaction, resp)
	}
	return resp, withSession(err, f.S.ID)
}

func isStandalone(t sunshine.Transaction) bool {
	return t == sunshine.TxnColors || t == sunshine.TxnVehicleLookup
}

// progress says on a terminal's stderr what each step answered.
func (f *Flow) progress(t sunshine.Transaction, resp *sunshine.Response) {
	if !f.IO.IsStderrTTY() {
		return
	}
	cs := f.IO.ErrColorScheme()
	switch {
	case resp.ResponseCode != "" && resp.ResponseCode != "success":
		return // 126/127 refused: the caller reports the platform's message
	case resp.Status == sunshine.StatusOK:
		fmt.Fprintf(f.IO.ErrOut, "%s %s %s\n", cs.SuccessIcon(), t, t.Name())
	case resp.Status == sunshine.StatusNeedForm:
		if t == sunshine.TxnBasicInfo { // the vehicle form is this step's normal answer
			fmt.Fprintf(f.IO.ErrOut, "%s %s %s: session %s, vehicle form received\n", cs.SuccessIcon(), t, t.Name(), resp.Header.SessionID)
			return
		}
		fmt.Fprintf(f.IO.ErrOut, "%s %s %s: the platform asks for more input\n", cs.WarningIcon(), t, t.Name())
	}
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
// earlier one (in place, keeping its group).
func Merge(groups ...[]sunshine.Inputs) []sunshine.Inputs {
	var out []sunshine.Inputs
	where := map[string][2]int{}
	gidx := map[string]int{}
	for _, gs := range groups {
		for _, g := range gs {
			for _, in := range g.Inputs {
				if w, ok := where[in.Name]; ok {
					out[w[0]].Inputs[w[1]].Value = in.Value
					continue
				}
				i, ok := gidx[g.Type]
				if !ok {
					i = len(out)
					gidx[g.Type] = i
					out = append(out, sunshine.Inputs{Type: g.Type})
				}
				out[i].Inputs = append(out[i].Inputs, in)
				where[in.Name] = [2]int{i, len(out[i].Inputs) - 1}
			}
		}
	}
	return out
}
