package ebao_test

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// edit applies changes to the quote example: each key is a dotted path,
// a nil value deletes the member.
func edit(t *testing.T, name string, changes map[string]any) []byte {
	t.Helper()
	b, _ := ebao.Example(name)
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for path, v := range changes {
		parts := strings.Split(path, ".")
		var cur any = doc
		for _, p := range parts[:len(parts)-1] {
			switch c := cur.(type) {
			case map[string]any:
				cur = c[p]
			case []any:
				cur = c[int(p[0]-'0')]
			}
		}
		m := cur.(map[string]any)
		if v == nil {
			delete(m, parts[len(parts)-1])
		} else {
			m[parts[len(parts)-1]] = v
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want *failure.Error, got %v", err)
	}
	if fe.Kind != failure.Usage || fe.ExitCode() != 2 {
		t.Errorf("kind %v, exit %d", fe.Kind, fe.ExitCode())
	}
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field)
	}
	sort.Strings(out)
	return out
}

func TestValidateQuotationReportsEveryField(t *testing.T) {
	body := edit(t, "quote", map[string]any{
		"channelCode":                         "",
		"expiredDate":                         "2026-12-31T00:00:00.000Z", // before effectiveDate
		"policyHolder.PH005":                  7,
		"policyHolder.PH015":                  "Shop.Zhang.123.com",
		"policyHolder.PH013":                  "1571002356",
		"policyInsuredPeople.0.ISP005":        "132456199001011235", // bad check digit
		"policyInsuredPeople.0.ISP012":        "a@b@c.com",
		"insuredObjects.0.plan_code":          nil,
		"insuredObjects.0.componentSelection": map[string]any{"ACC_DEATH": false},
		"campaigns.0.code":                    nil,
	})
	_, err := ebao.CheckQuotation(body)
	got := fieldsOf(t, err)
	want := []string{
		"campaigns[0].code", "channelCode", "expiredDate",
		"insuredObjects[0].componentSelection", "insuredObjects[0].plan_code",
		"policyHolder.PH005", "policyHolder.PH015",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fields\n got %v\nwant %v", got, want)
	}
	// What the document does not state is only warned of, once the body
	// is otherwise good: the mobile's form, the check character, a second @.
	body = edit(t, "quote", map[string]any{
		"policyHolder.PH013":           "1571002356",
		"policyInsuredPeople.0.ISP005": "132456199001011235",
		"policyInsuredPeople.0.ISP012": "a@b@c.com",
	})
	checked, err := ebao.CheckQuotation(body)
	if err != nil {
		t.Fatal(err)
	}
	if got := warnedFields(checked); got != "policyHolder.PH013 policyInsuredPeople[0].ISP005 policyInsuredPeople[0].ISP012" {
		t.Errorf("warnings %q", got)
	}
}

func TestValidateQuotationRules(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]any
		fields  string // space-separated, sorted; "" means valid
		warns   string // what a valid body is warned of, the same way
	}{
		{"example", nil, "", ""},
		{"insured ID type as string", map[string]any{"policyInsuredPeople.0.ISP004": "1"}, "", ""},
		{"holder ID type as string", map[string]any{"policyHolder.PH005": "1"}, "policyHolder.PH005", ""},
		{"passport skips resident checks", map[string]any{"policyHolder.PH005": 3, "policyHolder.PH006": "E12345678"}, "", ""},
		{"ID type zero", map[string]any{"policyHolder.PH005": 0}, "policyHolder.PH005", ""},
		{"ID type missing", map[string]any{"policyInsuredPeople.0.ISP004": nil}, "policyInsuredPeople[0].ISP004", ""},
		{"ID type not a number", map[string]any{"policyInsuredPeople.0.ISP004": "one"}, "policyInsuredPeople[0].ISP004", ""},
		{"resident ID 17 characters", map[string]any{"policyHolder.PH006": "13245619900101123"}, "", "policyHolder.PH006"},
		{"resident ID without a date", map[string]any{"policyHolder.PH006": "1324561990"}, "policyHolder.PH006", ""},
		{"resident ID impossible date", map[string]any{"policyHolder.PH006": "132456199002301239"}, "policyHolder.PH006", ""},
		{"birth date disagrees", map[string]any{"policyHolder.PH003": "1991-01-01T00:00:00.000Z"}, "", "policyHolder.PH006"},
		{"birth date as Beijing midnight in UTC", map[string]any{"policyHolder.PH003": "1989-12-31T16:00:00.000Z"}, "", ""},
		{"birth date plain", map[string]any{"policyInsuredPeople.0.ISP003": "1990-01-01"}, "", ""},
		{"birth date not ISO", map[string]any{"policyHolder.PH003": "01/01/1990"}, "policyHolder.PH003", ""},
		{"lower-case x check digit", map[string]any{"policyHolder.PH006": "11010519491231002x", "policyHolder.PH003": "1949-12-31T00:00:00.000Z"}, "", ""},
		{"e-mail without @", map[string]any{"policyInsuredPeople.0.ISP012": "zhang.example.com"}, "policyInsuredPeople[0].ISP012", ""},
		{"mobile 12 digits", map[string]any{"policyInsuredPeople.0.ISP011": "157100235680"}, "", "policyInsuredPeople[0].ISP011"},
		{"mobile landline", map[string]any{"policyHolder.PH013": "02112345678"}, "", "policyHolder.PH013"},
		{"e-mail without a dot", map[string]any{"policyHolder.PH015": "zhang@localhost"}, "", "policyHolder.PH015"},
		{"e-mail ending in @", map[string]any{"policyHolder.PH015": "zhang@"}, "policyHolder.PH015", ""},
		{"optional contact absent", map[string]any{"policyHolder.PH013": nil, "policyHolder.PH015": nil}, "", ""},
		{"date without zone", map[string]any{"effectiveDate": "2027-01-16T03:07:53"}, "effectiveDate", ""},
		{"date with +0800", map[string]any{"effectiveDate": "2027-01-16T11:07:53.970+0800"}, "", ""},
		{"equal dates", map[string]any{"expiredDate": "2027-01-16T03:07:53.970Z"}, "expiredDate", ""},
		{"name a number", map[string]any{"policyHolder.PH001": 5}, "policyHolder.PH001", ""},
		{"no holder", map[string]any{"policyHolder": nil}, "policyHolder", ""},
		{"no insured people", map[string]any{"policyInsuredPeople": []any{}}, "policyInsuredPeople", ""},
		{"no insured objects", map[string]any{"insuredObjects": nil}, "insuredObjects", ""},
		{"selection not boolean", map[string]any{"insuredObjects.0.componentSelection": map[string]any{"ACC_DEATH": "yes"}}, "insuredObjects[0].componentSelection insuredObjects[0].componentSelection.ACC_DEATH", ""},
		{"campaigns absent", map[string]any{"campaigns": nil}, "", ""},
		{"unknown members allowed", map[string]any{"renewalFlag": true}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked, err := ebao.CheckQuotation(edit(t, "quote", tt.changes))
			if tt.fields == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				if got := warnedFields(checked); got != tt.warns {
					t.Errorf("warnings %q, want %q (%v)", got, tt.warns, checked.Warnings)
				}
				return
			}
			if got := strings.Join(fieldsOf(t, err), " "); got != tt.fields {
				t.Errorf("fields %q, want %q (%v)", got, tt.fields, err)
			}
		})
	}
}

func TestValidateBodyShape(t *testing.T) {
	for _, body := range []string{``, `{`, `[]`, `{"a":1} {}`, `"x"`} {
		if got := strings.Join(fieldsOf(t, ebao.ValidateQuotation([]byte(body))), " "); got != "body" {
			t.Errorf("%q: fields %q", body, got)
		}
	}
}

func TestValidateIssuance(t *testing.T) {
	if got := strings.Join(fieldsOf(t, ebao.ValidateIssuance(edit(t, "issue", map[string]any{"quotationNumber": ""}))), " "); got != "quotationNumber" {
		t.Errorf("empty quotationNumber: %q", got)
	}
	if got := strings.Join(fieldsOf(t, ebao.ValidateIssuance(edit(t, "issue", map[string]any{"quotationNumber": 12}))), " "); got != "quotationNumber" {
		t.Errorf("numeric quotationNumber: %q", got)
	}
}

func TestValidateCancellation(t *testing.T) {
	tests := []struct {
		changes map[string]any
		fields  string
	}{
		{nil, ""},
		{map[string]any{"applicationType": ebao.ApplyByUnderwriter}, ""},
		{map[string]any{"applicationType": "APLY_BY_ME"}, "applicationType"},
		{map[string]any{"policyNumber": nil, "channelCode": "", "applicationDate": "yesterday"}, "applicationDate channelCode policyNumber"},
	}
	for _, tt := range tests {
		err := ebao.ValidateCancellation(edit(t, "cancel", tt.changes))
		if tt.fields == "" {
			if err != nil {
				t.Errorf("%v: %v", tt.changes, err)
			}
			continue
		}
		if got := strings.Join(fieldsOf(t, err), " "); got != tt.fields {
			t.Errorf("%v: fields %q, want %q", tt.changes, got, tt.fields)
		}
	}
}

// warnedFields lists, sorted and space-separated, the fields a checked
// body is warned of.
func warnedFields(c *ebao.Checked) string {
	var out []string
	for _, w := range c.Warnings {
		out = append(out, w.Field)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
