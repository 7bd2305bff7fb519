package ebao_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// set replaces the member at an error's path ("a.b[0].c") in doc.
func set(t *testing.T, doc map[string]any, path string, v any) {
	t.Helper()
	parts := regexp.MustCompile(`[^.\[\]]+`).FindAllString(path, -1)
	var cur any = doc
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			cur = c[p]
		case []any:
			n, _ := strconv.Atoi(p)
			if last {
				c[n] = v
				return
			}
			cur = c[n]
		default:
			t.Fatalf("no %s in the body", path)
		}
	}
}

// An error must name the field, the rule and a good example: writing the
// example where the error points makes that complaint go away.
func TestEveryInvalidFieldComesWithAnExampleThatFixesIt(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]any
		field   string
	}{
		{"holder missing", map[string]any{"policyHolder": nil}, "policyHolder"},
		{"holder not an object", map[string]any{"policyHolder": []any{}}, "policyHolder"},
		{"insured people not an array", map[string]any{"policyInsuredPeople": map[string]any{}}, "policyInsuredPeople"},
		{"insured people empty", map[string]any{"policyInsuredPeople": []any{}}, "policyInsuredPeople"},
		{"insured objects missing", map[string]any{"insuredObjects": nil}, "insuredObjects"},
		{"campaigns not an array", map[string]any{"campaigns": map[string]any{}}, "campaigns"},
		{"campaign not an object", map[string]any{"campaigns": []any{"campaign_1"}}, "campaigns[0]"},
		{"voucher a number", map[string]any{"campaigns.0.voucher": 5}, "campaigns[0].voucher"},
		{"birth date a number", map[string]any{"policyHolder.PH003": 19900101}, "policyHolder.PH003"},
		{"birth date not a date", map[string]any{"policyInsuredPeople.0.ISP003": "1990-13-01"}, "policyInsuredPeople[0].ISP003"},
		{"mobile a number", map[string]any{"policyHolder.PH013": 15710023568}, "policyHolder.PH013"},
		{"e-mail a number", map[string]any{"policyInsuredPeople.0.ISP012": 5}, "policyInsuredPeople[0].ISP012"},
		{"object type a number", map[string]any{"insuredObjects.0.type": 5}, "insuredObjects[0].type"},
		{"object name a number", map[string]any{"insuredObjects.0.name": 5}, "insuredObjects[0].name"},
		{"factor table an array", map[string]any{"insuredObjects.0.factor_table": []any{}}, "insuredObjects[0].factor_table"},
		{"selection an array", map[string]any{"insuredObjects.0.componentSelection": []any{}}, "insuredObjects[0].componentSelection"},
		{"expiry a number", map[string]any{"expiredDate": 20280115}, "expiredDate"},
		{"expiry before effect", map[string]any{"expiredDate": "2026-12-31T00:00:00.000Z"}, "expiredDate"},
		{"effect not a date", map[string]any{"effectiveDate": "2027-02-30"}, "effectiveDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := edit(t, "quote", tt.changes)
			ex := exampleFor(t, ebao.ValidateQuotation(body), tt.field)
			var doc map[string]any
			_ = json.Unmarshal(body, &doc)
			var v any = ex
			if strings.HasPrefix(ex, "{") || strings.HasPrefix(ex, "[") || strings.HasPrefix(ex, `"`) {
				if err := json.Unmarshal([]byte(ex), &v); err != nil {
					t.Fatalf("example %s is not JSON: %v", ex, err)
				}
			}
			set(t, doc, tt.field, v)
			fixed, _ := json.Marshal(doc)
			if err := ebao.ValidateQuotation(fixed); err != nil {
				t.Errorf("with the example %s in %s: %v", ex, tt.field, err)
			}
		})
	}
}

// exampleFor is the example err gives for field; the test fails without one.
func exampleFor(t *testing.T, err error, field string) string {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want a usage error naming %s, got %v", field, err)
	}
	for _, f := range fe.Fields {
		if f.Field == field {
			if f.Example == "" {
				t.Fatalf("%s: %q gives no example", field, f.Rule)
			}
			return f.Example
		}
	}
	t.Fatalf("%s not named: %v", field, err)
	return ""
}

// A body that is not JSON says why and what a body looks like; a file
// saved with a byte-order mark is named as such, since the JSON after it
// looks right in an editor.
func TestBodyErrorsSayWhatIsWrong(t *testing.T) {
	example, _ := ebao.Example("quote")
	bom := append([]byte("\xef\xbb\xbf"), example...)
	ex := exampleFor(t, ebao.ValidateQuotation(bom), "body")
	var fe *failure.Error
	_ = errors.As(ebao.ValidateQuotation(bom), &fe)
	if rule := fe.Fields[0].Rule; !strings.Contains(rule, "byte-order mark") {
		t.Errorf("BOM: rule %q", rule)
	}
	if !strings.Contains(ex, "insure example ebao") {
		t.Errorf("BOM: example %q", ex)
	}
	for _, body := range []string{`[]`, `{`} {
		exampleFor(t, ebao.ValidateQuotation([]byte(body)), "body")
	}
}

// The date rule states every form accepted: a plain date passes, so a
// rule demanding a date-time with a zone would send the user the wrong way.
func TestDateRuleNamesThePlainDateForm(t *testing.T) {
	var fe *failure.Error
	if !errors.As(ebao.ValidateQuotation(edit(t, "quote", map[string]any{"effectiveDate": "2027-02-30"})), &fe) {
		t.Fatal("2027-02-30 passed")
	}
	if rule := fe.Fields[0].Rule; !strings.Contains(rule, "YYYY-MM-DD") {
		t.Errorf("rule %q", rule)
	}
}

// A string member given as a number (what `--set PH013=15710023568` makes
// of a member the file did not have) must show the example as a JSON
// string: the same digits without quotes read as the value just refused.
func TestAStringGivenAsANumberShowsTheExampleInQuotes(t *testing.T) {
	body := edit(t, "quote", map[string]any{"policyHolder.PH013": 15710023568, "channelCode": 7, "policyHolder.PH003": 19900101})
	var fe *failure.Error
	if !errors.As(ebao.ValidateQuotation(body), &fe) || len(fe.Fields) != 3 {
		t.Fatalf("got %v", ebao.ValidateQuotation(body))
	}
	for _, f := range fe.Fields {
		var s string
		if json.Unmarshal([]byte(f.Example), &s) != nil || !strings.Contains(f.Rule, "got a number") {
			t.Errorf("%s: rule %q, example %s", f.Field, f.Rule, f.Example)
		}
	}
}
