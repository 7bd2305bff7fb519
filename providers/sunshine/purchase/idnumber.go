package purchase

import (
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// idAnswerErrors lists the answers whose ID number does not fit its ID
// type (sunshine.CheckIDNumber), named as the answer was given
// (ownerIdNo, insuredInfo.insuredIdNo). The type is the answer's own
// (--set ownerIdType=...) or else the one the session already sent.
func idAnswerErrors(answers *Answers, s *Session) []failure.FieldError {
	var bad []failure.FieldError
	for _, x := range answers.List() {
		if !sunshine.IsIDNumberInput(x.Key) || x.Value == "" {
			continue
		}
		typeKey := sunshine.IDTypeInput(x.Key)
		idType, ok := answers.Get(typeKey)
		if !ok && s != nil {
			idType = s.Input(typeKey)
		}
		if fe := sunshine.CheckIDNumber(idType, x.Value); fe != nil {
			bad = append(bad, failure.FieldError{Field: x.Field(), Rule: fe.Rule, Example: "--set " + x.Key + "=" + fe.Example})
		}
	}
	return bad
}

// checkIDInputs refuses a step whose inputs carry an ID number that does
// not fit its type, whatever gave it (an answer, a prompt, the session):
// the last check before the request is signed and sent.
func checkIDInputs(spec sunshine.RequestSpec) error {
	bad := sunshine.CheckIDInputs(spec.InputsList)
	if len(bad) == 0 {
		return nil
	}
	for i := range bad {
		bad[i].Example = "--set " + bad[i].Field + "=" + bad[i].Example
	}
	e := failure.Invalid(sunshine.Provider, spec.Transaction.Operation(), bad...)
	e.Message = fmt.Sprintf("%d ID number(s) in %s do not fit their ID type; nothing was sent", len(bad), spec.Transaction)
	return e
}
