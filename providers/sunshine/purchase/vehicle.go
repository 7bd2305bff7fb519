package purchase

import (
	"fmt"
	"time"
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
// number longer than its table allows, an answer breaking its key's own
// rule (keyRule: a start date before tomorrow, a registration date in the
// future, a malformed mobile number) and an ID number that does not fit
// its ID type: every such answer at once. now is the day of the request.
func checkVehicleAnswers(answers *Answers, s *Session, now time.Time) *failure.Error {
	var bad []failure.FieldError
	for _, x := range answers.List() {
		if err := vehicleRule(x.Key, x.Value); err != nil {
			bad = append(bad, failure.FieldError{Field: x.Field(), Rule: err.Error(), Example: "--set " + x.Key + "=" + vehicleExamples[x.Key]})
		} else if e := keyRule(x.Key, x.Value, now); e != nil {
			bad = append(bad, failure.FieldError{Field: x.Field(), Rule: e.Rule, Example: "--set " + x.Key + "=" + e.Good})
		} else if e := newCarRegistered(x.Key, x.Value, s, now); e != nil {
			bad = append(bad, failure.FieldError{Field: x.Field(), Rule: e.Rule, Example: "--set " + x.Key + "=" + e.Good})
		}
	}
	// The owner's ID number (ownerIdNo) is a vehicle-form answer too.
	bad = append(bad, idAnswerErrors(answers, s)...)
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, "quote", bad...)
	e.Message = fmt.Sprintf("%d answer(s) break their input's rule (see each); nothing was sent", len(bad))
	return e
}

// newCarRegistered refuses a new car's registration date more than a year
// before now (China time): the 105 table's remark limits a new car's to
// the last year.
func newCarRegistered(key, v string, s *Session, now time.Time) *BadAnswer {
	if key != "firstRegisterDate" || s == nil || !s.NewCar {
		return nil
	}
	v = narrow(v)
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return nil
	}
	now = clock(now)
	if earliest := Today(now.AddDate(-1, 0, 0)); d.Format("2006-01-02") < earliest {
		return &BadAnswer{Rule: fmt.Sprintf("%s is more than a year ago: a new car is registered on %s (China time) or later", v, earliest), Good: Today(now)}
	}
	return nil
}
