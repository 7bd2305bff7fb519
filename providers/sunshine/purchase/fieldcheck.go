package purchase

import (
	"context"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// checkAsks is how often, on a terminal, the answers the platform's field
// check refused are asked again before the refusal is exit 2: a person
// who cannot find a value the platform takes must not be held forever.
const checkAsks = 3

// refusal is an answer a control's checkUrl refused, with the platform's
// reason.
type refusal struct {
	control       Control
	value, reason string
}

func (r refusal) field() failure.FieldError {
	return failure.FieldError{Field: r.control.Field(), Rule: fmt.Sprintf("%q: %s", r.value, r.reason), Example: example(r.control)}
}

// checkFields asks each answered control's checkUrl about its value. On a
// terminal (an Asker) the refused controls alone are asked again, with
// the platform's reason, and checked again, checkAsks times: the whole
// form answered again for one mistyped number was the price of a refusal.
// A refusal left is exit 2 naming every refused key, the platform's reason
// and an example, as it is in a script.
func checkFields(ctx context.Context, o FillOptions, values map[string]string) error {
	if o.Lookups == nil {
		return nil
	}
	var all []Control
	for _, g := range FormGroups(o.Form) {
		for _, t := range g.Tags {
			all = append(all, g.Control(t))
		}
	}
	refused, err := checkControls(ctx, o.Lookups, all, values)
	for try := 1; err == nil && len(refused) > 0 && o.Asker != nil && try <= checkAsks; try++ {
		ask := make([]Control, len(refused))
		reasons := map[string]string{}
		for i, r := range refused {
			ask[i] = r.control
			reasons[r.control.Field()] = fmt.Sprintf("%q: %s", r.value, r.reason)
		}
		msg := fmt.Sprintf("the platform's check refused %d answer(s); answer again (try %d of %d)", len(refused), try, checkAsks)
		got, aerr := o.Asker.Ask(ctx, Questions{Transaction: o.Transaction, Message: msg, Form: o.Form, Controls: ask, Current: values, Refused: reasons, Now: o.Now})
		if aerr != nil {
			return aerr
		}
		for _, c := range ask {
			if v, ok := got[c.Field()]; ok {
				values[c.Field()] = v
			}
		}
		if err := checkAsked(o.Transaction, ask, values, o.Now); err != nil {
			return err
		}
		refused, err = checkControls(ctx, o.Lookups, ask, values)
	}
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		bad := make([]failure.FieldError, len(refused))
		for i, r := range refused {
			bad[i] = r.field()
		}
		e := failure.Invalid(sunshine.Provider, o.Transaction.Operation(), bad...)
		e.Message = fmt.Sprintf("%d answer(s) failed the platform's field check; nothing was sent", len(bad))
		return e
	}
	return nil
}

// checkControls asks the checkUrl of each of controls that has one and a
// value, and returns the refused answers.
func checkControls(ctx context.Context, l Lookups, controls []Control, values map[string]string) ([]refusal, error) {
	var refused []refusal
	for _, c := range controls {
		u, v := c.Tag.Get("checkUrl"), values[c.Field()]
		if u == "" || v == "" || !c.Answerable() {
			continue
		}
		ok, msg, err := l.CheckField(ctx, u, c.Key(), v)
		if err != nil {
			return nil, err
		}
		if !ok {
			if msg == "" {
				msg = "refused by the platform's check"
			}
			refused = append(refused, refusal{control: c, value: v, reason: msg})
		}
	}
	return refused, nil
}
