package purchase

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
)

// BadAnswer is an answer that breaks its control's rule: the rule, and a
// good value as it would be typed (bare, not as a --set).
type BadAnswer struct {
	Rule, Good string
}

func (e *BadAnswer) Error() string {
	if e.Good == "" {
		return e.Rule
	}
	return e.Rule + " (for example " + e.Good + ")"
}

// CheckAnswer checks an answer typed for c on the day now (zero: the
// clock's), by the rules a script's answers meet before they are sent
// (Normalise: options, dates, ranges, vehicle numbers; keyRule: e-mail
// addresses, the delivery date, mobile numbers as --mobile is checked,
// start and registration dates). It returns the value to send. An empty
// answer passes: whether one is needed is the form's to say.
func CheckAnswer(c Control, ans string, now time.Time) (string, *BadAnswer) {
	v, err := Normalise(c.Tag, ans)
	if err != nil {
		return ans, &BadAnswer{Rule: err.Error(), Good: goodValue(c)}
	}
	if v == "" {
		return v, nil
	}
	return v, keyRule(c.Key(), v, now)
}

// keyRule checks an answer by its key's own rule, whatever form or file
// gave it: nil for keys without one and for an empty answer.
func keyRule(key, v string, now time.Time) *BadAnswer {
	v = narrow(v)
	if v == "" {
		return nil
	}
	switch {
	case isEmailKey(key):
		if fe := validate.Email(v); fe != nil {
			return &BadAnswer{Rule: fe.Rule, Good: fe.Example}
		}
	case key == SendDateKey:
		if _, err := time.Parse(SendDateLayout, v); err != nil {
			return &BadAnswer{Rule: fmt.Sprintf("%q is not a date in the format yyyy-MM-dd", v), Good: Today(clock(now))}
		}
	case isMobileKey(key):
		if fe := validate.Mobile(v); fe != nil {
			return &BadAnswer{Rule: fe.Rule, Good: fe.Example}
		}
	case isBeginDateKey(key) || key == "firstRegisterDate":
		return dateRule(key, v, now)
	}
	return nil
}

// isBeginDateKey names the start dates of the commercial and the
// compulsory policy (105, 110).
func isBeginDateKey(k string) bool { return k == "bizBeginDate" || k == "forceBeginDate" }

// dateRule checks the dates whose rule depends on the day, in China time
// as the platform reads them: a policy cannot start in the past, and a
// vehicle cannot have been registered after today (the 105 table's
// remark). A start today is left to the platform: the manual states no
// rule, and one that takes a policy with immediate effect (isImmevalid)
// may take it; the sandbox refuses it (its own rule, "tomorrow at the
// earliest", docs/providers/sunshine.md), with tomorrow as the example.
// A date not written yyyy-MM-dd is Normalise's to refuse.
func dateRule(key, v string, now time.Time) *BadAnswer {
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return nil
	}
	now = clock(now)
	today, tomorrow := Today(now), Today(now.AddDate(0, 0, 1))
	switch {
	case isBeginDateKey(key) && d.Format("2006-01-02") < today:
		return &BadAnswer{Rule: fmt.Sprintf("%s is in the past (today is %s in China time): a policy cannot start before the day it is bought", v, today), Good: tomorrow}
	case key == "firstRegisterDate" && d.Format("2006-01-02") > today:
		return &BadAnswer{Rule: fmt.Sprintf("%s is in the future: a vehicle is registered today (%s in China time) or earlier", v, today), Good: today}
	}
	return nil
}

// clock is now, or the time when now is zero.
func clock(now time.Time) time.Time {
	if now.IsZero() {
		return time.Now()
	}
	return now
}

// mobileKeys are the people's mobile numbers of 100, 120 and 135
// (mainland mobiles, as --mobile is).
var mobileKeys = []string{"ownerMobile", "insuredMobile", "applicantMobile", "addresseeMobile"}

func isMobileKey(k string) bool { return slices.Contains(mobileKeys, k) }

// Example is a value c takes, for a prompt's placeholder; "" when there
// is nothing better to show than the rule.
func (c Control) Example() string { return goodValue(c) }

// goodValue is a value c takes, for an error's example; "" when there is
// nothing better to show than the rule.
func goodValue(c Control) string {
	if opts := c.Tag.Options(); len(opts) > 0 {
		return opts[len(opts)-1].Value
	}
	switch {
	case isBeginDateKey(c.Key()):
		// A date that fits on the day it is shown: a fixed one goes stale.
		return Today(time.Now().AddDate(0, 0, 1))
	case c.Type() == "date" || c.Type() == "cdate" || c.Key() == SendDateKey:
		return Today(time.Now())
	case strings.HasSuffix(c.Key(), "Email"):
		return "zhang.san@example.com"
	case isMobileKey(c.Key()):
		return "13800138000"
	case sunshine.IsIDNumberInput(c.Key()):
		return sunshine.ResidentIDExample
	case vehicleExamples[c.Key()] != "":
		return vehicleExamples[c.Key()]
	}
	if lo, _, ok := strings.Cut(c.Tag.Get("range"), ","); ok {
		return strings.TrimSpace(lo)
	}
	return ""
}

// checkAsked refuses values an Asker returned that break their control's
// rule (an Asker that does not check them, or a person who kept a bad
// answer through every retry), so that none is sent: exit 2 naming each.
// Good values are normalised in place (an option's label to its value).
func checkAsked(txn sunshine.Transaction, asked []Control, values map[string]string, now time.Time) error {
	var bad []failure.FieldError
	for _, c := range asked {
		v, ok := values[c.Field()]
		if !ok {
			continue
		}
		nv, e := CheckAnswer(c, v, now)
		if e == nil {
			idType, _ := IDTypeOf(c, values)
			e = CheckIDAnswer(c, nv, idType)
		}
		if e != nil {
			bad = append(bad, failure.FieldError{Field: c.Field(), Rule: e.Rule, Example: example(c)})
			continue
		}
		values[c.Field()] = nv
	}
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, txn.Operation(), bad...)
	e.Message = fmt.Sprintf("%d answer(s) given at the prompt do not fit their control (see each rule); nothing was sent", len(bad))
	return e
}
