// Package validate checks the identifiers every provider takes (VIN,
// resident ID, plate, mobile, e-mail) before anything is sent. Each check
// returns a failure.FieldError naming the rule and a good example, and a
// Checker collects them so a command can report every bad field at once.
package validate

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// Checker collects field errors.
type Checker struct {
	errs  []failure.FieldError
	warns []failure.FieldError
}

// Warn records what looks wrong but is no rule of the provider's
// documents (a resident ID's check character): the request is still
// sent, and the caller says so; with errors, Err lists it too.
func (c *Checker) Warn(field, rule, example string) {
	c.warns = append(c.warns, failure.FieldError{Field: field, Rule: rule, Example: example})
}

// Warnings are what Warn recorded.
func (c *Checker) Warnings() []failure.FieldError { return c.warns }

// Add records a field error.
func (c *Checker) Add(field, rule, example string) {
	c.errs = append(c.errs, failure.FieldError{Field: field, Rule: rule, Example: example})
}

// Check runs fn on value and records its complaint, if any, under field.
func (c *Checker) Check(field, value string, fn func(string) *failure.FieldError) {
	if fe := fn(value); fe != nil {
		fe.Field = field
		c.errs = append(c.errs, *fe)
	}
}

// Required records an error when value is empty.
func (c *Checker) Required(field, value, example string) bool {
	if strings.TrimSpace(value) == "" {
		c.Add(field, "is required", example)
		return false
	}
	return true
}

// MaxLen records an error when value is longer than max characters.
func (c *Checker) MaxLen(field, value string, max int) {
	if n := utf8.RuneCountInString(value); n > max {
		c.Add(field, fmt.Sprintf("must be at most %d characters (got %d)", max, n), "")
	}
}

// Err returns a failure.Usage error listing every field, or nil.
func (c *Checker) Err(provider, operation string) error {
	if len(c.errs) == 0 {
		return nil
	}
	e := failure.Invalid(provider, operation, c.errs...)
	e.Doubts = c.warns
	return e
}

const vinExample = "LSVAU2180N2183294"

// VIN checks a 17-character vehicle identification number: digits and
// capital letters except I, O and Q (ISO 3779 / GB 16735). Length and
// positions are counted in characters, not bytes. A character that is no
// ASCII letter or digit is named before the length is judged, as it is
// usually why the length is off (a space, a dash, a full-width form). A
// full-width VIN (typed with a Chinese input method) is refused, not
// converted, but the refusal gives its half-width form as the example
// when that is a VIN.
func VIN(v string) *failure.FieldError {
	rs := []rune(v)
	for i, r := range rs {
		if isASCIILetterOrDigit(r) {
			continue
		}
		if isFullWidthASCII(r) {
			example := vinExample
			if half := halfWidth(v); VIN(half) == nil {
				example = half
			}
			return &failure.FieldError{Rule: fmt.Sprintf("a VIN is written in half-width letters and digits (character %d is the full-width %q)", i+1, r), Example: example}
		}
		return &failure.FieldError{Rule: fmt.Sprintf("a VIN has digits and letters other than I, O and Q (character %d is %q)", i+1, r), Example: vinExample}
	}
	if len(rs) != 17 {
		return &failure.FieldError{Rule: fmt.Sprintf("a VIN is 17 characters (got %d)", len(rs)), Example: vinExample}
	}
	for i, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			return &failure.FieldError{Rule: fmt.Sprintf("a VIN is upper case (character %d is %q)", i+1, r), Example: vinExample}
		case r == 'I' || r == 'O' || r == 'Q':
			return &failure.FieldError{Rule: fmt.Sprintf("a VIN has digits and letters other than I, O and Q (character %d is %q)", i+1, r), Example: vinExample}
		}
	}
	return nil
}

func isASCIILetterOrDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}

// isFullWidthASCII reports the full-width forms of ASCII (U+FF01-U+FF5E).
func isFullWidthASCII(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }

// Narrow writes the full-width forms a Chinese input method types
// (２０２６－１２－０５, Ａ１２３, the ideographic space) as their ASCII ones,
// leaving Chinese characters as they are: for answers whose rule is ASCII
// (dates, numbers, IDs, plates' serials, e-mail addresses), never names.
// Only those: golang.org/x/text/width's Narrow also turns the katakana
// middle dot that people type between a plate's letter and its serial
// into its half-width form, which the plate rules do not know.
func Narrow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case isFullWidthASCII(r):
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// IsFullWidth says r is a character Narrow changes: a full-width form of
// ASCII or the ideographic space, as a Chinese input method types them.
func IsFullWidth(r rune) bool { return isFullWidthASCII(r) || r == '\u3000' }

// halfWidth maps full-width ASCII to ASCII, for a refusal's example only.
func halfWidth(s string) string { return Narrow(s) }

const residentIDExample = "11010519491231002X"

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ResidentIDCheckChar computes the GB 11643 check character for the first
// 17 digits of a resident ID number.
func ResidentIDCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// ResidentID checks an 18-character mainland resident ID as GB 11643
// writes it: ResidentIDNumber, and a plausible birth date (1900 to today)
// at characters 7-14.
func ResidentID(v string) *failure.FieldError {
	if fe := ResidentIDNumber(v); fe != nil {
		return fe
	}
	if _, err := ResidentIDBirthDate(v); err != nil {
		d, _ := ResidentIDDate(v)
		return &failure.FieldError{Rule: fmt.Sprintf("the birth date at characters 7-14 of a resident ID is from 1900 to today (got %s)", d.Format("2006-01-02")), Example: residentIDExample}
	}
	return nil
}

// ResidentIDNumber checks the form of an 18-character resident ID: 17
// digits, a real calendar date at characters 7-14 and the GB 11643 check
// character (X in either case). It does not judge the date as a birth
// date: a date before 1900 or in the future passes, as eBao's document
// asks only for a date there and a provider may take it; ResidentID and
// ResidentIDBirthDate say whether it is plausible. Characters are counted
// as characters, not bytes.
func ResidentIDNumber(v string) *failure.FieldError {
	rs := []rune(v)
	if len(rs) != 18 {
		return &failure.FieldError{Rule: fmt.Sprintf("a resident ID is 18 characters (got %d)", len(rs)), Example: residentIDExample}
	}
	for i, r := range rs[:17] {
		if r < '0' || r > '9' {
			return &failure.FieldError{Rule: fmt.Sprintf("characters 1-17 of a resident ID are digits (character %d is %q)", i+1, r), Example: residentIDExample}
		}
	}
	if _, err := ResidentIDDate(v); err != nil {
		return &failure.FieldError{Rule: "characters 7-14 of a resident ID are the birth date YYYYMMDD (" + err.Error() + ")", Example: residentIDExample}
	}
	want := ResidentIDCheckChar(string(rs[:17]))
	if got := rs[17]; got != rune(want) && !(got == 'x' && want == 'X') {
		return &failure.FieldError{Rule: fmt.Sprintf("the check character of a resident ID does not match (GB 11643 gives %c for these 17 digits)", want), Example: residentIDExample}
	}
	return nil
}

// ResidentIDDate reads characters 7-14 (characters, not bytes) as a
// calendar date YYYYMMDD, whatever its year but 0000, which is none.
func ResidentIDDate(v string) (time.Time, error) {
	rs := []rune(v)
	if len(rs) < 14 {
		return time.Time{}, fmt.Errorf("got %d characters, too few to hold it", len(rs))
	}
	s := string(rs[6:14])
	d, err := time.Parse("20060102", s)
	if err != nil || d.Year() < 1 {
		return time.Time{}, fmt.Errorf("%s is not a real date", s)
	}
	return d, nil
}

// ResidentIDBirthDate returns the date at characters 7-14 when it is a
// plausible birth date: from 1900 to today. The error says which.
func ResidentIDBirthDate(v string) (time.Time, error) {
	d, err := ResidentIDDate(v)
	if err != nil {
		return time.Time{}, err
	}
	if d.Year() < 1900 || d.After(time.Now()) {
		return time.Time{}, fmt.Errorf("%s is a real date, but before 1900 or in the future", d.Format("2006-01-02"))
	}
	return d, nil
}

const mobileExample = "13800138000"

// Mobile checks an 11-digit mainland mobile number starting 13-19.
func Mobile(v string) *failure.FieldError {
	if len(v) != 11 || v[0] != '1' || v[1] < '3' || v[1] > '9' {
		return &failure.FieldError{Rule: "a mobile number is 11 digits starting 13-19", Example: mobileExample}
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return &failure.FieldError{Rule: "a mobile number is 11 digits starting 13-19", Example: mobileExample}
		}
	}
	return nil
}

// Email checks a plain address: one @, a local part, a domain with a dot.
func Email(v string) *failure.FieldError {
	bad := &failure.FieldError{Rule: "an e-mail address looks like name@domain.tld", Example: "zhang.san@example.com"}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" {
		return bad
	}
	at := strings.LastIndexByte(v, '@')
	if at < 1 || !strings.Contains(v[at+1:], ".") || strings.HasSuffix(v, ".") {
		return bad
	}
	return nil
}

// Provinces are the one-character province abbreviations that start a
// mainland plate.
const Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

const plateExample = "京A12345"

// Plate checks an ordinary 7-character plate: province, letter, then five
// letters or digits. newEnergyAllowed admits the 8-character plates too.
func Plate(v string, newEnergyAllowed bool) *failure.FieldError {
	rs := []rune(v)
	if len(rs) == 8 && !newEnergyAllowed {
		return &failure.FieldError{Rule: "8-character new-energy plates are not supported by this provider; only 7-character ordinary plates", Example: plateExample}
	}
	if len(rs) != 7 && !(len(rs) == 8 && newEnergyAllowed) {
		return &failure.FieldError{Rule: fmt.Sprintf("a plate is a province character, a letter and 5 letters or digits (got %d characters)", len(rs)), Example: plateExample}
	}
	if !strings.ContainsRune(Provinces, rs[0]) {
		return &failure.FieldError{Rule: fmt.Sprintf("a plate starts with a province character such as 京 or 粤 (got %q)", rs[0]), Example: plateExample}
	}
	if rs[1] < 'A' || rs[1] > 'Z' {
		return &failure.FieldError{Rule: fmt.Sprintf("the second character of a plate is a capital letter (got %q)", rs[1]), Example: plateExample}
	}
	for _, r := range rs[2:] {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || strings.ContainsRune("挂学警港澳领使", r)) {
			return &failure.FieldError{Rule: fmt.Sprintf("characters 3-7 of a plate are capital letters or digits (got %q)", r), Example: plateExample}
		}
	}
	return nil
}
