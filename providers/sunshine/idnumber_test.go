package sunshine_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
)

// With no ID type (the tables' 身份证号) or the resident card named, an
// ID number is a GB 11643 resident ID; any other type code is taken as
// given, the manual naming no codes.
func TestCheckIDNumberByType(t *testing.T) {
	for _, c := range []struct {
		idType, number, rule string // rule "": accepted
	}{
		{"", "440106198001011230", ""},
		{"", "11010519491231002x", ""},
		{"身份证", "11010519491231002X", ""},
		{"", "", ""},
		{"", "440106198001011234", "check character"},
		{"居民身份证", "440106198001011234", "check character"},
		{"", "440106198013011234", "birth date"},
		{"", "440106290001011232", "from 1900 to today"},
		{"", "44010619800101123", "18 characters"},
		{"", "4401061980010112A0", "digits"},
		{"02", "E12345678", ""},
		{"02", "440106198001011234", ""},
	} {
		fe := sunshine.CheckIDNumber(c.idType, c.number)
		switch {
		case c.rule == "" && fe != nil:
			t.Errorf("%q %q refused: %s", c.idType, c.number, fe.Rule)
		case c.rule != "" && fe == nil:
			t.Errorf("%q %q accepted", c.idType, c.number)
		case c.rule != "" && (!strings.Contains(fe.Rule, c.rule) || fe.Example != sunshine.ResidentIDExample):
			t.Errorf("%q %q: %+v, want rule about %q", c.idType, c.number, fe, c.rule)
		}
	}
}

// Each person's number is judged by that person's type, wherever in the
// request the type is, and named GROUP.INPUT.
func TestCheckIDInputsNamesEachElement(t *testing.T) {
	groups := []sunshine.Inputs{
		{Type: "insuredInfo", Inputs: []sunshine.Input{{Name: "insuredIdNo", Value: "440106198001011234"}, {Name: "insuredIdType", Value: "02"}}},
		{Type: "applicantInfo", Inputs: []sunshine.Input{{Name: "applicantIdNo", Value: "440106198001011234"}}},
		{Type: "ownerInfo", Inputs: []sunshine.Input{{Name: "ownerIdNo", Value: "440106198001011230"}}},
	}
	bad := sunshine.CheckIDInputs(groups)
	if len(bad) != 1 || bad[0].Field != "applicantInfo.applicantIdNo" || !strings.Contains(bad[0].Rule, "GB 11643") {
		t.Fatalf("%+v", bad)
	}
}
