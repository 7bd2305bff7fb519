package ebao_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/ebao"
)

// The document's one rule for a resident ID (certificate type 1) is that
// characters 7-14 are a date. A real date outside 1900 to today keeps that
// rule: it is sent, with a warning, not refused as "not a real date", since
// the sandbox, like the service, takes it.
func TestResidentIDImplausibleBirthDateIsWarnedNotRefused(t *testing.T) {
	for _, id := range []string{"132456180001011234", "132456209901011234"} {
		checked, err := ebao.CheckQuotation(edit(t, "quote", map[string]any{"policyHolder.PH006": id, "policyHolder.PH003": nil}))
		if err != nil {
			t.Fatalf("PH006 %s: refused: %v", id, err)
		}
		if got := warnedFields(checked); got != "policyHolder.PH006" {
			t.Fatalf("PH006 %s: warnings %q (%v)", id, got, checked.Warnings)
		}
		rule := checked.Warnings[0].Rule
		if !strings.Contains(rule, id[6:10]+"-"+id[10:12]+"-"+id[12:14]) || strings.Contains(rule, "not a real date") {
			t.Errorf("PH006 %s: warning %q", id, rule)
		}
	}
}

// The document counts characters (位), not UTF-8 bytes: with two Chinese
// characters in front, bytes 7-14 are "19900101" but characters 7-14 are
// "01011234", no date, so the number is refused; one Chinese character in
// front of a date at characters 7-14 is sent (with a warning about its
// form), as the sandbox takes it.
func TestResidentIDDateIsCountedInCharacters(t *testing.T) {
	_, err := ebao.CheckQuotation(edit(t, "quote", map[string]any{"policyHolder.PH006": "一二199001011234567"}))
	if got := strings.Join(fieldsOf(t, err), " "); got != "policyHolder.PH006" {
		t.Errorf("fields %q (%v)", got, err)
	}
	checked, err := ebao.CheckQuotation(edit(t, "quote", map[string]any{"policyHolder.PH006": "一23456199001011234"}))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if got := warnedFields(checked); got != "policyHolder.PH006" {
		t.Errorf("warnings %q (%v)", got, checked.Warnings)
	}
}
