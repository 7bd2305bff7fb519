package quote

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
)

// The rules the eBao form checks each answer by. They are applied twice:
// by the form as each answer is typed (check), and to the whole request
// before it is built (buildQuotation), with the rules pkg/validate and
// providers/ebao give the -f path.

// check turns a field rule into a form validator whose message is the
// rule and an example of a good value.
func check(rule func(string) *failure.FieldError) func(string) error {
	return func(v string) error {
		fe := rule(strings.TrimSpace(v))
		if fe == nil {
			return nil
		}
		if fe.Example == "" {
			return errors.New(fe.Rule)
		}
		return fmt.Errorf("%s (for example %s)", fe.Rule, fe.Example)
	}
}

// optional lets an empty answer through and checks any other.
func optional(rule func(string) *failure.FieldError) func(string) *failure.FieldError {
	return func(v string) *failure.FieldError {
		if v == "" {
			return nil
		}
		return rule(v)
	}
}

func required(rule, example string) func(string) *failure.FieldError {
	return func(v string) *failure.FieldError {
		if v == "" {
			return &failure.FieldError{Rule: rule, Example: example}
		}
		return nil
	}
}

// residentID checks the number as eBao's request check does (length,
// a real date at characters 7-14, GB 11643 check character); a lower-case
// x is accepted, as the request is written upper case. A date before 1900
// or in the future is taken here: a file with it is sent with a warning,
// and so is the form's request (see buildQuotation).
func residentID(v string) *failure.FieldError { return validate.ResidentIDNumber(strings.ToUpper(v)) }

func plate(v string) *failure.FieldError { return validate.Plate(v, true) }

func effectiveDate(v string) *failure.FieldError {
	if _, err := time.ParseInLocation("2006-01-02", v, beijing); err != nil {
		// Tomorrow: a fixed date would one day be in the past, which the
		// service refuses as a start.
		return &failure.FieldError{Rule: fmt.Sprintf("must be a date YYYY-MM-DD (got %q)", v), Example: time.Now().In(beijing).AddDate(0, 0, 1).Format("2006-01-02")}
	}
	return nil
}

// notBefore adds to a date rule that the date is not before today in
// Beijing: eBao refuses a policy that starts in the past, and the form
// says so at the answer rather than after every other question.
func notBefore(now time.Time, rule func(string) *failure.FieldError) func(string) *failure.FieldError {
	return func(v string) *failure.FieldError {
		if fe := rule(v); fe != nil {
			return fe
		}
		today := now.In(beijing).Format("2006-01-02")
		if d, _ := time.ParseInLocation("2006-01-02", v, beijing); d.Format("2006-01-02") < today {
			return &failure.FieldError{Rule: fmt.Sprintf("a policy cannot start in the past (got %s; today is %s in Beijing)", v, today),
				Example: now.In(beijing).AddDate(0, 0, 1).Format("2006-01-02")}
		}
		return nil
	}
}

func termMonths(v string) *failure.FieldError {
	if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 12 {
		return &failure.FieldError{Rule: fmt.Sprintf("the term must be a number of months 1-12 (got %q)", v), Example: "12"}
	}
	return nil
}

func birthDate(v string) *failure.FieldError {
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return &failure.FieldError{Rule: fmt.Sprintf("must be a date YYYY-MM-DD (got %q)", v), Example: "1990-01-01"}
	}
	if d.After(time.Now()) {
		return &failure.FieldError{Rule: fmt.Sprintf("a birth date cannot be in the future (got %q)", v), Example: "1990-01-01"}
	}
	return nil
}
