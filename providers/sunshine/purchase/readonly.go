package purchase

import (
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// rememberReadOnly keeps the values of the read-only controls of a form,
// by slotKey: two drivers may each have their own fixed name.
func (s *Session) rememberReadOnly(list []sunshine.Tags) {
	for _, g := range FormGroups(list) {
		for _, t := range g.Tags {
			if !t.ReadOnly() || t.Key() == "" {
				continue
			}
			if s.ReadOnly == nil {
				s.ReadOnly = map[string]string{}
			}
			s.ReadOnly[slotKey(t.Key(), g.Index)] = t.Value()
		}
	}
}

// checkReadOnly refuses, before sending, a step that would change a
// control the platform marked read-only, however the value got there
// (a form's answer, or --set for a control no form asks for now).
func (s *Session) checkReadOnly(spec sunshine.RequestSpec) error {
	var bad []failure.FieldError
	for i, slot := range slots(spec.InputsList) {
		g := spec.InputsList[i]
		for _, in := range g.Inputs {
			if v, ok := s.ReadOnly[slotKey(in.Name, slot)]; ok && in.Value != v {
				field := in.Name
				if slot > 0 {
					field = GroupName(g.Type, slot, true) + "." + in.Name
				}
				bad = append(bad, failure.FieldError{Field: field,
					Rule: fmt.Sprintf("is read-only on the platform's form (now %q); leave it out", v)})
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, spec.Transaction.Operation(), bad...)
	e.Message = fmt.Sprintf("%d answer(s) would change a read-only control; nothing was sent", len(bad))
	return e
}
