package sunshine

import (
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
)

// The manual's people (owner, applicant, insured) each carry an ID
// number (ownerIdNo, applicantIdNo, insuredIdNo) and, in the input items
// of section 4.1, an ID type (ownerIdType, applicantIdType,
// insuredIdType: a select whose options the platform's form gives). The
// manual lists no type codes. What it does fix: the tables of 100, 105
// and 120 call the number 身份证号 (a resident ID number; 3.5's remark:
// the whole number), and 4.1 asks for gender and birthday only "when the
// type is not 身份证", so a number sent with no type, or with the type
// written as the resident card itself, is an 18-character mainland
// resident ID (GB 11643). A number sent with any other type code is not
// judged: the manual does not say which card the code is.

// ResidentIDExample is a resident ID number that passes CheckIDNumber.
const ResidentIDExample = "11010519491231002X"

// residentTypeNames are the ways the manual writes the resident card, as
// a type value might carry them (a form's option label).
var residentTypeNames = []string{"身份证", "居民身份证"}

// IDTypeInput is the input holding the type of the ID number in input
// idNo ("ownerIdNo" gives "ownerIdType"); "" when idNo is no ID number.
func IDTypeInput(idNo string) string {
	who, ok := strings.CutSuffix(idNo, "IdNo")
	if !ok || who == "" {
		return ""
	}
	return who + "IdType"
}

// IsIDNumberInput says whether input name holds a person's ID number.
func IsIDNumberInput(name string) bool { return IDTypeInput(name) != "" }

// IsResidentIDType says whether an ID type value means the mainland
// resident card: none given (the tables' 身份证号) or the card's name.
func IsResidentIDType(idType string) bool {
	t := strings.TrimSpace(idType)
	if t == "" {
		return true
	}
	for _, n := range residentTypeNames {
		if t == n {
			return true
		}
	}
	return false
}

// CheckIDNumber checks number against its type: for the resident card
// (IsResidentIDType), 17 digits, a real birth date from 1900 to today at
// characters 7-14 and the GB 11643 check character (X in either case).
// Other types, and an empty number, pass: whether one is needed is the
// form's to say. The error has no Field: the caller names it as the user
// wrote it.
func CheckIDNumber(idType, number string) *failure.FieldError {
	if number == "" || !IsResidentIDType(idType) {
		return nil
	}
	fe := validate.ResidentID(number)
	if fe == nil {
		return nil
	}
	rule := fe.Rule
	if strings.TrimSpace(idType) == "" {
		rule = "an ID number sent without an ID type is a resident ID (身份证号): " + rule
	}
	return &failure.FieldError{Rule: rule, Example: ResidentIDExample}
}

// CheckIDInputs checks every ID number in groups against its person's ID
// type, taken from the same groups (the last non-empty value of the type
// input, wherever it is). Each bad one is named GROUP.INPUT, the
// request's element names.
func CheckIDInputs(groups []Inputs) []failure.FieldError {
	types := map[string]string{}
	for _, g := range groups {
		for _, in := range g.Inputs {
			if strings.HasSuffix(in.Name, "IdType") && strings.TrimSpace(in.Value) != "" {
				types[in.Name] = in.Value
			}
		}
	}
	var bad []failure.FieldError
	for _, g := range groups {
		for _, in := range g.Inputs {
			if !IsIDNumberInput(in.Name) {
				continue
			}
			if fe := CheckIDNumber(types[IDTypeInput(in.Name)], in.Value); fe != nil {
				fe.Field = strings.TrimPrefix(g.Type+"."+in.Name, ".")
				bad = append(bad, *fe)
			}
		}
	}
	return bad
}
