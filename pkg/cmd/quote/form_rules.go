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

// checkNarrowed is check for an answer written in ASCII by its rule (a
// date, a number, an ID, a mobile, an e-mail, a plate's serial): the
// full-width digits and letters a Chinese input method types (２０２６－１２－０５)
// are read as their ASCII forms, as the request is built (narrow), rather
// than refused with a message that quotes what looks like a good value.
func checkNarrowed(rule func(string) *failure.FieldError) func(string) error {
	c := check(rule)
	return func(v string) error { return c(narrow(v)) }
}

// narrow turns full-width ASCII (digits, letters, the full-width hyphen
// and @) into ASCII, and trims spaces, the ideographic one included.
func narrow(s string) string { return strings.TrimSpace(validate.Narrow(s)) }

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

// formLabels name the members the form fills by the question that filled
// them: a person at the form typed answers, not policyInsuredPeople[0].ISP005.
var formLabels = map[string]string{
	"effectiveDate":                        PromptEffective,
	"expiredDate":                          PromptTerm,
	"insuredObjects[0].factor_table.P041":  "Vehicle plate",
	"insuredObjects[0].componentSelection": PromptCoverages,
	"policyHolder.PH001":                   "Holder name",
	"policyHolder.PH006":                   "Holder resident ID number",
	"policyHolder.PH003":                   "Holder birth date",
	"policyHolder.PH013":                   "Holder mobile",
	"policyHolder.PH015":                   "Holder e-mail",
	"policyInsuredPeople[0].ISP001":        "Insured name",
	"policyInsuredPeople[0].ISP005":        "Insured resident ID number",
	"policyInsuredPeople[0].ISP003":        "Insured birth date",
	"policyInsuredPeople[0].ISP011":        "Insured mobile",
	"policyInsuredPeople[0].ISP012":        "Insured e-mail",
}

// forForm is a complaint about the form's answers as the form asked them:
// the question first (the member after it, as the saved file names it),
// and, for a birth date the resident ID contradicts, what to answer (the
// check of a file has no example there: either value may be the wrong one).
func forForm(f failure.FieldError) string {
	label, ok := formLabels[f.Field]
	if !ok {
		return f.String()
	}
	if f.Example == "" && strings.Contains(f.Rule, "does not agree with") {
		if i, j := strings.Index(f.Rule, "("), strings.Index(f.Rule, ")"); i >= 0 && j > i {
			f.Example = "an empty birth date, taken from the ID, or " + f.Rule[i+1:j] + ", or correct the ID"
		}
	}
	f.Field = label + " (" + f.Field + ")"
	return f.String()
}
