package ebao

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/jsonkeys"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
)

// Validation walks the decoded JSON rather than the typed structs: a value
// of the wrong JSON type must be reported under its own path alongside every
// other problem, where a struct decode would stop at the first one.

// ValidateQuotation checks a quotation body before it is sent. It returns
// nil or a *failure.Error of Kind Usage listing every bad field by path
// (for example "policyHolder.PH006").
func ValidateQuotation(body []byte) error {
	_, err := CheckQuotation(body)
	return err
}

// A Checked body passed its operation's validation, and keeps the
// decoding the validation made: the client reads the request's journal
// keys from it instead of decoding the body again.
type Checked struct {
	Body []byte
	// Warnings are what looks wrong but breaks no rule the document
	// states (a resident ID's check character, a mobile's format): the
	// body is sent as it is, and the command says so on stderr.
	Warnings []failure.FieldError
	op       string
	doc      map[string]any
}

// CheckQuotation is ValidateQuotation returning the checked body, for
// Client.QuoteChecked.
func CheckQuotation(body []byte) (*Checked, error) { return checkPolicy(OpQuotation, body) }

// CheckIssuance is ValidateIssuance returning the checked body, for
// Client.IssueChecked.
func CheckIssuance(body []byte) (*Checked, error) { return checkPolicy(OpIssuance, body) }

// ValidateIssuance checks an issuance body. quotationNumber is optional
// here: the document's field table does not list it and `insure issue
// --quote` adds it (see WithQuotationNumber). When present it must be a
// non-empty string.
func ValidateIssuance(body []byte) error {
	_, err := CheckIssuance(body)
	return err
}

// ValidateCancellation checks a cancellation body.
func ValidateCancellation(body []byte) error {
	var c validate.Checker
	m, ok := decodeObject(&c, OpCancellation, body)
	if ok {
		str(&c, m, "", "policyNumber", true, "P2701160000000001")
		str(&c, m, "", "channelCode", true, "AXA_TP")
		date(&c, m, "", "applicationDate", true, isoExample)
		if t, ok := str(&c, m, "", "applicationType", true, ApplyByPolicyHolder); ok && t != "" {
			switch t {
			case ApplyByInsurer, ApplyByPolicyHolder, ApplyByUnderwriter:
			default:
				c.Add("applicationType", "must be "+ApplyByInsurer+", "+ApplyByPolicyHolder+" or "+ApplyByUnderwriter+" (got "+strconv.Quote(t)+")", ApplyByPolicyHolder)
			}
		}
	}
	return c.Err(Provider, OpCancellation)
}

// CheckQuotationDecoded is CheckQuotation for a body its caller already
// decoded: doc must be body decoded as a JSON object with numbers as
// json.Number (what a --batch line reader holds), and is not changed.
func CheckQuotationDecoded(body []byte, doc map[string]any) (*Checked, error) {
	return checkPolicyDoc(OpQuotation, body, doc)
}

func checkPolicy(op string, body []byte) (*Checked, error) {
	var c validate.Checker
	m, ok := decodeObject(&c, op, body)
	if !ok {
		return nil, c.Err(Provider, op)
	}
	chk, err := checkPolicyDoc(op, body, m)
	// decodeObject's own findings (a member given twice) come first, with
	// every other bad field.
	var first *failure.Error
	if errors.As(c.Err(Provider, op), &first) {
		var rest *failure.Error
		if errors.As(err, &rest) && rest.Kind == failure.Usage {
			first.Fields = append(first.Fields, rest.Fields...)
		}
		return nil, first
	}
	return chk, err
}

func checkPolicyDoc(op string, body []byte, m map[string]any) (*Checked, error) {
	var c validate.Checker
	if op == OpIssuance {
		if q, present := m["quotationNumber"]; present {
			if s, isStr := q.(string); !isStr || strings.TrimSpace(s) == "" {
				c.Add("quotationNumber", "must be a non-empty string when present", "Q2701160000000001")
			}
		}
	}
	str(&c, m, "", "channelCode", true, "AXA_TP")
	str(&c, m, "", "productId", true, "UbwoOpjMjt:1")
	eff, okEff := date(&c, m, "", "effectiveDate", true, FormatDate(tomorrow()))
	expExample := FormatDate(tomorrow().AddDate(1, 0, -1))
	if okEff {
		expExample = FormatDate(eff.AddDate(1, 0, -1))
	}
	exp, okExp := date(&c, m, "", "expiredDate", true, expExample)
	if okEff && okExp && !eff.Before(exp) {
		c.Add("expiredDate", "must be later than effectiveDate", expExample)
	}
	for i, v := range list(&c, m, "", "campaigns", false, "["+exCampaign+"]") {
		p := fmt.Sprintf("campaigns[%d]", i)
		if o := object(&c, v, p, exCampaign); o != nil {
			str(&c, o, p, "code", true, "campaign_1")
			str(&c, o, p, "voucher", false, "abcdef")
		}
	}
	if v, present := m["policyHolder"]; !present || v == nil {
		c.Add("policyHolder", "is required", exHolder)
	} else if o := object(&c, v, "policyHolder", exHolder); o != nil {
		person(&c, o, "policyHolder", holderCodes)
	}
	people := list(&c, m, "", "policyInsuredPeople", true, "["+exInsured+"]")
	for i, v := range people {
		p := fmt.Sprintf("policyInsuredPeople[%d]", i)
		if o := object(&c, v, p, exInsured); o != nil {
			person(&c, o, p, insuredCodes)
		}
	}
	for i, v := range list(&c, m, "", "insuredObjects", true, "["+exObject+"]") {
		p := fmt.Sprintf("insuredObjects[%d]", i)
		if o := object(&c, v, p, exObject); o != nil {
			insuredObject(&c, o, p)
		}
	}
	if err := c.Err(Provider, op); err != nil {
		return nil, err
	}
	return &Checked{Body: body, Warnings: c.Warnings(), op: op, doc: m}, nil
}

// personCodes names one party's members: the holder and the insured carry
// the same facts under different codes.
type personCodes struct{ name, birth, idType, id, mobile, email string }

var (
	holderCodes  = personCodes{"PH001", "PH003", "PH005", "PH006", "PH013", "PH015"}
	insuredCodes = personCodes{"ISP001", "ISP003", "ISP004", "ISP005", "ISP011", "ISP012"}
)

func person(c *validate.Checker, o map[string]any, p string, k personCodes) {
	str(c, o, p, k.name, true, "Shop.Zhang")
	birthExample := exBirth
	if id, _ := o[k.id].(string); validate.ResidentID(id) == nil {
		// The ID holds the birth date: the example agrees with it.
		d, _ := validate.ResidentIDBirthDate(id)
		birthExample = d.Format("2006-01-02") + "T00:00:00.000Z"
	}
	birth, hasBirth := date(c, o, p, k.birth, false, birthExample)
	if hasBirth && birth.After(time.Now()) {
		c.Add(join(p, k.birth), "a birth date cannot be in the future", birthExample)
	}
	typ, typOK := idType(c, o, p, k.idType)
	id, idOK := str(c, o, p, k.id, true, validResidentExample)
	// The document's rules are errors: a resident ID holds a date at
	// characters 7-14, an e-mail address an @. What it does not state (the
	// GB 11643 check character, the birth date agreeing with the ID, a
	// mainland mobile's form, a dot in the e-mail's domain) is a warning:
	// the service may take what insure would otherwise refuse.
	if typOK && idOK && typ == IDResident && id != "" {
		if idDate, err := validate.ResidentIDDate(id); err != nil {
			c.Add(join(p, k.id), residentIDDateRule(id), validResidentExample)
		} else if idDate.Year() < 1900 || idDate.After(time.Now()) {
			// A date, so the document's rule holds; a birth before 1900 or
			// in the future is only implausible, and the service decides.
			c.Warn(join(p, k.id), fmt.Sprintf("the birth date in the resident ID (%s) is before 1900 or in the future", idDate.Format("2006-01-02")), validResidentExample)
		} else if fe := validate.ResidentID(id); fe != nil {
			c.Warn(join(p, k.id), fe.Rule, fe.Example)
		} else if hasBirth {
			idBirth, _ := validate.ResidentIDBirthDate(id)
			if !sameBirthDate(idBirth, o[k.birth].(string), birth) {
				c.Warn(join(p, k.id), fmt.Sprintf("the birth date in the resident ID (%s) does not agree with %s", idBirth.Format("2006-01-02"), k.birth), "")
			}
		}
	}
	if s, ok := str(c, o, p, k.mobile, false, exMobile); ok && s != "" {
		if fe := validate.Mobile(s); fe != nil {
			c.Warn(join(p, k.mobile), fe.Rule, fe.Example)
		}
	}
	if s, ok := str(c, o, p, k.email, false, exEmail); ok && s != "" {
		if at := strings.IndexByte(s, '@'); at < 1 || at == len(s)-1 {
			c.Add(join(p, k.email), "an e-mail address has a name, an @ and a domain", exEmail)
		} else if fe := validate.Email(s); fe != nil {
			c.Warn(join(p, k.email), fe.Rule, fe.Example)
		}
	}
}

// residentIDDateRule says why id has no birth date at characters 7-14.
func residentIDDateRule(id string) string {
	if utf8.RuneCountInString(id) < 14 {
		return fmt.Sprintf("a resident ID holds the birth date YYYYMMDD at characters 7-14 (got %d characters)", utf8.RuneCountInString(id))
	}
	return fmt.Sprintf("characters 7-14 of a resident ID are the birth date YYYYMMDD (%s is not a real date)", string([]rune(id)[6:14]))
}

const validResidentExample = "11010519491231002X"

// sameBirthDate compares the ID's date with the birth date as written and,
// for an instant, also as a Beijing calendar date: a browser that turns
// local midnight into UTC writes 1989-12-31T16:00:00Z for 1 January 1990.
func sameBirthDate(idDate time.Time, written string, parsed time.Time) bool {
	want := idDate.Format("2006-01-02")
	if len(written) >= 10 && written[:10] == want {
		return true
	}
	return parsed.In(beijing).Format("2006-01-02") == want
}

var beijing = time.FixedZone("CST", 8*3600)

func insuredObject(c *validate.Checker, o map[string]any, p string) {
	str(c, o, p, "name", false, "Vehicle owner")
	str(c, o, p, "code", false, "Veh_Owner")
	str(c, o, p, "type", false, "Person")
	str(c, o, p, "plan_code", true, "Plan_1")
	if v, present := o["factor_table"]; present && v != nil {
		object(c, v, join(p, "factor_table"), exFactors)
	}
	v, present := o["componentSelection"]
	if !present || v == nil {
		c.Add(join(p, "componentSelection"), "is required: select at least one coverage", exSelection)
		return
	}
	sel := object(c, v, join(p, "componentSelection"), exSelection)
	if sel == nil {
		return
	}
	chosen := 0
	for k, val := range sel {
		b, isBool := val.(bool)
		if !isBool {
			c.Add(join(p, "componentSelection."+k), "must be true or false", "true")
		} else if b {
			chosen++
		}
	}
	if chosen == 0 {
		c.Add(join(p, "componentSelection"), "must select at least one coverage (a member set to true)", exSelection)
	}
}

// decodeObject decodes body as one JSON object, numbers kept as text.
// exBody is what a good body of op looks like: the example file of that
// operation, not the quotation's for a cancellation.
func decodeObject(c *validate.Checker, op string, body []byte) (map[string]any, bool) {
	exBody := exampleBody(op)
	if !utf8.Valid(body) {
		// JSON is UTF-8, and the service's parser refuses other bytes; Go's
		// decoder would read them as U+FFFD and pass a GBK file here.
		c.Add("body", "is not UTF-8 (a file saved as GBK?): save it as UTF-8 without BOM, since the bytes are signed and sent as they are", exBody)
		return nil, false
	}
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		// Editors hide it, and it is part of the bytes signed and sent.
		c.Add("body", "starts with a UTF-8 byte-order mark (BOM): save the file as UTF-8 without BOM", exBody)
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		c.Add("body", "is not valid JSON: "+err.Error(), exBody)
		return nil, false
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		c.Add("body", "has data after the JSON object", exBody)
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.Add("body", "must be a JSON object", exBody)
		return nil, false
	}
	// A member given twice: the bytes are signed and sent as written, and
	// the service keeps one of the two (Java's and Go's JSON readers keep
	// the last), so a cancellation naming two policyNumbers would cancel
	// the one the user did not look at. The other checks go on.
	for _, p := range jsonkeys.Repeated(body) {
		c.Add(p, "is given twice in one object: eBao reads only one of them, so write it once", exBody)
	}
	return m, true
}
