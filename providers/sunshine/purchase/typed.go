package purchase

import (
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/validate"

	"github.com/insurekit/insure/providers/sunshine"
)

// narrowKeys are the inputs whose values are ASCII by their rule (vehicle
// numbers, mobile numbers; ID numbers and dates are told apart below): a
// Chinese input method types their digits and letters full-width
// (１８４３２１), which the platform would take for other characters.
var narrowKeys = []string{"vehicleFrameNo", "engineNo"}

// narrowable says the value of t is written in ASCII only, so full-width
// forms of its characters are narrowed rather than sent or refused.
func narrowable(t sunshine.Tag) bool {
	typ := strings.ToLower(t.Type())
	k := t.Key()
	return typ == "date" || typ == "cdate" || k == SendDateKey || sunshine.IsIDNumberInput(k) ||
		isMobileKey(k) || strings.HasSuffix(k, "Email") || slices.Contains(narrowKeys, k)
}

// narrow turns full-width ASCII (digits, letters, the full-width hyphen
// of a date) into ASCII.
func narrow(s string) string { return validate.Narrow(s) }

// IDTypeField is the Field of the ID type that decides the rule of c's ID
// number (insuredIdType for insuredIdNo, in c's group), "" when c is no
// ID number.
func IDTypeField(c Control) string {
	k := sunshine.IDTypeInput(c.Key())
	if k == "" {
		return ""
	}
	return strings.TrimPrefix(c.GroupName()+"."+k, ".")
}

// IDTypeOf is the ID type that decides the rule of c's ID number among
// values (by Field): the one in c's group, else one of that key in any
// group, as the request is checked (sunshine.CheckIDInputs). ok is false
// when values hold none.
func IDTypeOf(c Control, values map[string]string) (idType string, ok bool) {
	f := IDTypeField(c)
	if f == "" {
		return "", false
	}
	if v, ok := values[f]; ok {
		return v, true
	}
	k := sunshine.IDTypeInput(c.Key())
	for field, v := range values {
		if field == k || strings.HasSuffix(field, "."+k) {
			return v, true
		}
	}
	return "", false
}

// CheckIDAnswer checks an ID number typed for c against its ID type, as
// the request is checked before it is sent (sunshine.CheckIDNumber; no
// type is a resident ID): a mistyped number is then refused in its field
// with a number to copy, not by the platform after the whole form. nil
// for other controls and for a number that fits.
func CheckIDAnswer(c Control, v, idType string) *BadAnswer {
	if !sunshine.IsIDNumberInput(c.Key()) {
		return nil
	}
	if fe := sunshine.CheckIDNumber(idType, narrow(strings.TrimSpace(v))); fe != nil {
		return &BadAnswer{Rule: fe.Rule, Good: fe.Example}
	}
	return nil
}
