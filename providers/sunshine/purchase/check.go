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

// CheckAnswer checks an answer typed for c, by the rules a script's
// answers meet before they are sent (Normalise: options, dates, ranges,
// vehicle numbers; checkUnderwriteAnswers: e-mail addresses, the delivery
// date) and the mobile rule --mobile and deliver's --mobile follow. It
// returns the value to send. An empty answer passes: whether one is
// needed is the form's to say.
func CheckAnswer(c Control, ans string) (string, *BadAnswer) {
	v, err := Normalise(c.Tag, ans)
	if err != nil {
		return ans, &BadAnswer{Rule: err.Error(), Good: goodValue(c)}
	}
	if v == "" {
		return v, nil
	}
	key := c.Key()
	switch {
	case isEmailKey(key):
		if fe := validate.Email(v); fe != nil {
			return v, &BadAnswer{Rule: fe.Rule, Good: fe.Example}
		}
	case key == SendDateKey:
		if _, err := time.Parse(SendDateLayout, v); err != nil {
			return v, &BadAnswer{Rule: fmt.Sprintf("%q is not a date in the format yyyy-MM-dd", v), Good: "2026-03-02"}
		}
	case isMobileKey(key):
		if fe := validate.Mobile(v); fe != nil {
			return v, &BadAnswer{Rule: fe.Rule, Good: fe.Example}
		}
	}
	return v, nil
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
	case c.Type() == "date" || c.Type() == "cdate" || c.Key() == SendDateKey:
		return "2026-03-02"
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
func checkAsked(txn sunshine.Transaction, asked []Control, values map[string]string) error {
	var bad []failure.FieldError
	for _, c := range asked {
		v, ok := values[c.Field()]
		if !ok {
			continue
		}
		nv, e := CheckAnswer(c, v)
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
