// Package personal masks personal identifiers (resident ID numbers, mobile
// numbers, e-mail addresses, people's names, birth dates and addresses) in
// text insure shows from its journal, so `insure history show` output can
// be pasted into a support ticket. The journal keeps what was sent (secrets
// already masked); masking happens on display, and `--show-personal`
// shows the values as recorded.
//
// Two passes: values of fields known to hold personal data (eBao's PH and
// ISP fields, Sunshine's owner, insured, applicant and addressee fields,
// any field named like an ID number, mobile, phone or e-mail) in JSON,
// XML and query/form text; then any resident ID, mobile or e-mail found
// in free text, recognised with pkg/validate's rules.
package personal

import (
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/validate"
)

// fields are field names (lower case) whose values are personal whatever
// they look like.
var fields = map[string]kind{
	// eBao policyHolder and policyInsuredPeople (docs/providers/ebao.md).
	"ph001": name, "ph003": other, "ph006": idNumber, "ph013": mobile, "ph015": email,
	"isp001": name, "isp003": other, "isp005": idNumber, "isp011": mobile, "isp012": email,
	// Sunshine's forms.
	"ownername": name, "insuredname": name, "applicantname": name, "addresseename": name,
	"addresseedetails": other, "addresseetown": other, "insuredaddresseedetails": other,
	// Names other partners use for the same people.
	"licenseowner": name, "carowner": name, "holdername": name, "postedname": name, "contactname": name,
	"idcard": idNumber, "holderidcard": idNumber, "insuredidcard": idNumber,
}

type kind int

const (
	other kind = iota
	name
	idNumber
	mobile
	email
)

// fieldKind says whether a field holds personal data, and what kind.
func fieldKind(field string) (kind, bool) {
	f := strings.ToLower(field)
	if k, ok := fields[f]; ok {
		return k, true
	}
	switch {
	case strings.HasSuffix(f, "idno") || strings.HasSuffix(f, "idcard") || strings.HasSuffix(f, "idcardno") || strings.HasSuffix(f, "identifynumber"):
		return idNumber, true
	case strings.HasSuffix(f, "mobile") || strings.HasSuffix(f, "phone") || strings.HasSuffix(f, "telephone"):
		return mobile, true
	case strings.HasSuffix(f, "email") || strings.HasSuffix(f, "e-mail"):
		return email, true
	}
	return other, false
}

// patterns holds the expressions Mask uses, compiled on first use: most
// runs of insure never mask anything, and compiling them at start-up was
// the largest part of this package's cost to every command.
type patterns struct {
	jsonField, xmlNamed, formTag, tagKey, tagValue, xmlElem, formField *regexp.Regexp
	residentID, mobileNum, emailAddr                                   *regexp.Regexp
}

var compiled = sync.OnceValue(func() *patterns {
	return &patterns{
		// "KEY": "value" or "KEY": 15710023568 in JSON.
		jsonField: regexp.MustCompile(`"([A-Za-z0-9_\-]+)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?[0-9]+)`),
		// <input name="KEY">value< in Sunshine's XML.
		xmlNamed: regexp.MustCompile(`(name=["']([A-Za-z0-9_\-]+)["'][^>]*>)([^<]*)(<)`),
		// Sunshine's forms: <Tag><Definition name="key">KEY</Definition>...
		// <Definition name="value">value</Definition></Tag>. A Tag may
		// carry attributes (<Tag readonly="true">: the owner's name in
		// the forms of 105 and 120), and the element names' case is not
		// fixed (the envelope reader ignores it).
		formTag:  regexp.MustCompile(`(?is)<Tag(?:\s[^>]*)?>.*?</Tag\s*>`),
		tagKey:   regexp.MustCompile(`(?i)<Definition\s+name\s*=\s*["']key["']\s*>([^<]*)</Definition\s*>`),
		tagValue: regexp.MustCompile(`(?i)(<Definition\s+name\s*=\s*["']value["']\s*>)([^<]*)(</Definition\s*>)`),
		// <KEY>value</KEY> in XML.
		xmlElem: regexp.MustCompile(`<([A-Za-z0-9_\-]+)>([^<]*)</([A-Za-z0-9_\-]+)>`),
		// KEY=value in a query or a form body.
		formField: regexp.MustCompile(`(?m)([?&]|^)([A-Za-z0-9_\-]+)=([^&\s#"]*)`),

		// Free text: 18-character resident IDs, 11-digit mobiles, e-mails.
		residentID: regexp.MustCompile(`(^|[^0-9A-Za-z])([0-9]{17}[0-9Xx])([^0-9A-Za-z]|$)`),
		mobileNum:  regexp.MustCompile(`(^|[^0-9])(1[3-9][0-9]{9})([^0-9]|$)`),
		emailAddr:  regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`),
	}
})

// Mask returns s with every personal identifier it recognises masked.
func Mask(s string) string {
	if s == "" {
		return s
	}
	re := compiled()
	s = re.jsonField.ReplaceAllStringFunc(s, func(m string) string {
		p := re.jsonField.FindStringSubmatch(m)
		k, ok := fieldKind(p[1])
		if !ok {
			return m
		}
		v := p[3]
		if strings.HasPrefix(v, `"`) {
			return `"` + p[1] + `"` + p[2] + `"` + maskValue(k, v[1:len(v)-1]) + `"`
		}
		return `"` + p[1] + `"` + p[2] + `"` + maskValue(k, v) + `"`
	})
	s = re.xmlNamed.ReplaceAllStringFunc(s, func(m string) string {
		p := re.xmlNamed.FindStringSubmatch(m)
		k, ok := fieldKind(p[2])
		if !ok || p[3] == "" {
			return m
		}
		return p[1] + maskValue(k, p[3]) + p[4]
	})
	s = re.formTag.ReplaceAllStringFunc(s, func(m string) string {
		key := re.tagKey.FindStringSubmatch(m)
		if key == nil {
			return m
		}
		k, ok := fieldKind(strings.TrimSpace(key[1]))
		if !ok {
			return m
		}
		return re.tagValue.ReplaceAllStringFunc(m, func(v string) string {
			p := re.tagValue.FindStringSubmatch(v)
			if p[2] == "" {
				return v
			}
			return p[1] + maskValue(k, p[2]) + p[3]
		})
	})
	s = re.xmlElem.ReplaceAllStringFunc(s, func(m string) string {
		p := re.xmlElem.FindStringSubmatch(m)
		k, ok := fieldKind(p[1])
		if !ok || p[1] != p[3] || p[2] == "" {
			return m
		}
		return "<" + p[1] + ">" + maskValue(k, p[2]) + "</" + p[3] + ">"
	})
	s = re.formField.ReplaceAllStringFunc(s, func(m string) string {
		p := re.formField.FindStringSubmatch(m)
		k, ok := fieldKind(p[2])
		if !ok || p[3] == "" {
			return m
		}
		return p[1] + p[2] + "=" + maskValue(k, p[3])
	})
	return maskFreeText(s)
}

// maskFreeText masks what looks like a resident ID, a mobile or an e-mail
// anywhere, checked with pkg/validate's rules so other numbers stay.
func maskFreeText(s string) string {
	re := compiled()
	s = replaceBounded(re.residentID, s, func(v string) (string, bool) {
		if _, err := validate.ResidentIDBirthDate(v); err != nil {
			return v, false
		}
		return maskID(v), true
	})
	s = replaceBounded(re.mobileNum, s, func(v string) (string, bool) {
		if validate.Mobile(v) != nil {
			return v, false
		}
		return maskMobile(v), true
	})
	return re.emailAddr.ReplaceAllStringFunc(s, func(v string) string {
		if validate.Email(v) != nil {
			return v
		}
		return maskEmail(v)
	})
}

// replaceBounded replaces group 2 of re (between the boundary groups 1
// and 3) wherever fn accepts it. A boundary character shared by two
// matches is handled by running until nothing changes.
func replaceBounded(re *regexp.Regexp, s string, fn func(string) (string, bool)) string {
	for i := 0; i < 3; i++ {
		changed := false
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			p := re.FindStringSubmatch(m)
			v, ok := fn(p[2])
			if !ok {
				return m
			}
			changed = true
			return p[1] + v + p[3]
		})
		if !changed {
			break
		}
	}
	return s
}

func maskValue(k kind, v string) string {
	switch k {
	case name:
		return maskName(v)
	case idNumber:
		return maskID(v)
	case mobile:
		return maskMobile(v)
	case email:
		return maskEmail(v)
	}
	return Mask4
}

// Mask4 stands for a value shown not at all.
const Mask4 = "****"

// MaskName masks a person's name as Mask does inside a body: the first
// character kept (张三 -> 张*), for a name printed in a field of its own.
func MaskName(v string) string { return maskName(v) }

// maskName keeps the first character: 张三 -> 张*, Shop.Zhang -> S*********.
func maskName(v string) string {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return v
	}
	r, _ := utf8.DecodeRuneInString(v)
	return string(r) + strings.Repeat("*", max(n-1, 1))
}

// maskID keeps the first 3 and last 2 characters of an ID number.
func maskID(v string) string {
	if len(v) < 8 {
		return Mask4
	}
	return v[:3] + strings.Repeat("*", len(v)-5) + v[len(v)-2:]
}

// nearResidentID is key, trimmed and with a final x upper-cased, when it
// is a resident ID number read out over the phone with a digit missed or
// doubled (17 digits, or 19) or in the old 15-digit form: digits, the last
// perhaps an X, with a birth date where an ID number has one; "" otherwise.
// An 18-digit ID number is masked as one already; these were repeated in
// clear. Only a whole key is judged: in free text a number of these
// lengths is as likely an order or session number.
func nearResidentID(key string) string {
	id := strings.ToUpper(strings.TrimSpace(key))
	if n := len(id); n != 15 && n != 17 && n != 19 {
		return ""
	}
	for i, r := range id {
		if (r < '0' || r > '9') && !(i == len(id)-1 && r == 'X') {
			return ""
		}
	}
	// The birth date: yyyymmdd after the six-digit region, yymmdd in the
	// 15-digit form. A digit missed after it leaves the date whole.
	layout, date := "20060102", id[6:14]
	if len(id) == 15 {
		layout, date = "060102", id[6:12]
	}
	if t, err := time.Parse(layout, date); err != nil || t.Year() < 1900 {
		return ""
	}
	return id
}

// maskMobile keeps the first 3 and last 2 digits: 138******00.
func maskMobile(v string) string {
	if len(v) < 7 {
		return Mask4
	}
	return v[:3] + strings.Repeat("*", len(v)-5) + v[len(v)-2:]
}

// maskEmail keeps the first character and the domain: z***@example.com.
func maskEmail(v string) string {
	at := strings.LastIndexByte(v, '@')
	if at < 1 {
		return Mask4
	}
	return v[:1] + "***" + v[at:]
}

// MaskKey masks a look-up key someone typed (insure find KEY, history
// list --key) before a message repeats it. Resident IDs, mobiles and
// e-mails are masked as Mask masks them, and so is a key that is an ID
// number a digit short or long, or in the 15-digit form (nearResidentID).
// A key that could be a person's name is masked as a name, since the
// journal keeps names only hashed and a message must not be the one place
// they show. A name is letters only,
// with the spaces, dots and apostrophes names carry, and either Chinese
// (张三, 欧阳修) or not all upper case unless it has a separator (Li Si,
// Shop.Zhang, ZHANG SAN). Identifiers (plates, VINs, order, quotation and
// policy numbers) carry digits or dashes, or are one upper-case word
// (NOTHING), and are repeated as typed.
func MaskKey(key string) string {
	if looksLikeName(key) {
		return maskName(strings.TrimSpace(key))
	}
	if id := nearResidentID(key); id != "" {
		return maskID(id)
	}
	return Mask(key)
}

// looksLikeName says whether s could be a person's name (see MaskKey).
func looksLikeName(s string) bool {
	s = strings.TrimSpace(s)
	letters, han, lower, separators := 0, false, false, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			letters, han = letters+1, true
		case unicode.IsLetter(r):
			letters++
			lower = lower || unicode.IsLower(r)
		case r == ' ' || r == '.' || r == '·' || r == '•' || r == '\'':
			separators = true
		default:
			return false
		}
	}
	return letters > 0 && (han || lower || separators)
}
