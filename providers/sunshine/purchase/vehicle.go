package purchase

import (
	"fmt"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Lengths the vehicle inputs' tables set (3.5.2, 3.7.1): the frame number
// (VIN) has at most 17 characters, as on the registration certificate;
// the engine number at most 20 (the tables write "less than 20 places";
// the sandbox takes 20, see docs/providers/sunshine.md).
const (
	MaxFrameNo  = 17
	MaxEngineNo = 20
)

// vehicleRule checks a vehicle answer against its table's rule: nil for
// keys without one and for an empty answer (a form asks for those).
func vehicleRule(key, v string) error {
	if v == "" {
		return nil
	}
	switch key {
	case "vehicleFrameNo":
		if utf8.RuneCountInString(v) > MaxFrameNo {
			return fmt.Errorf("%q has %d characters: a frame number (VIN) has at most %d, as on the registration certificate", v, utf8.RuneCountInString(v), MaxFrameNo)
		}
		for _, r := range v {
			if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
				return fmt.Errorf("%q: a frame number (VIN) is letters and digits only (got %q)", v, r)
			}
		}
	case "engineNo":
		if n := utf8.RuneCountInString(v); n > MaxEngineNo {
			return fmt.Errorf("%q has %d characters: an engine number has at most %d, as on the registration certificate", v, n, MaxEngineNo)
		}
	}
	return nil
}

var vehicleExamples = map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321"}

// checkVehicleAnswers refuses, before anything is sent, a frame or engine
// number longer than its table allows and an ID number that does not fit
// its ID type: every such answer at once.
func checkVehicleAnswers(answers *Answers, s *Session) *failure.Error {
	var bad []failure.FieldError
	for _, x := range answers.List() {
		if err := vehicleRule(x.Key, x.Value); err != nil {
			bad = append(bad, failure.FieldError{Field: x.Field(), Rule: err.Error(), Example: "--set " + x.Key + "=" + vehicleExamples[x.Key]})
		}
	}
	// The owner's ID number (ownerIdNo) is a vehicle-form answer too.
	bad = append(bad, idAnswerErrors(answers, s)...)
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, "quote", bad...)
	e.Message = fmt.Sprintf("%d answer(s) break the manual's rules; nothing was sent", len(bad))
	return e
}
