package cmdutil

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// The JSON error document writes a hint's URL as -o json writes results:
// with its &, not \u0026, and it is still one valid JSON document.
func TestErrorJSONKeepsAmpersands(t *testing.T) {
	err := &failure.Error{Kind: failure.Refused, Provider: "bihu", Operation: "renewal", Code: "206",
		Message: "renewal failed", Hint: "complete them on http://x/ReplenishInfo?LicenseNo=A&CityCode=1 <here>"}
	doc := ErrorJSON(err)
	if !strings.Contains(string(doc), "LicenseNo=A&CityCode=1 <here>") || strings.Contains(string(doc), `\u0026`) {
		t.Fatalf("%s", doc)
	}
	var v map[string]any
	if jerr := json.Unmarshal(doc, &v); jerr != nil || !strings.HasSuffix(string(doc), "}\n") || strings.Count(string(doc), "\n") != 1 {
		t.Fatalf("not one JSON line: %v\n%q", jerr, doc)
	}
}
