package ebao

import (
	"encoding/json"
	"testing"
)

func TestPlatesOfTheInsuredObjects(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"insuredObjects":[{"factor_table":{"P041":"沪A6U615"}}]}`, "沪A6U615"},
		{`{"insuredObjects":[{"factor_table":{"P041":" 沪A1 "}},{"factor_table":{"P041":"沪A1"}},{"factor_table":{"P041":"沪B2"}}]}`, "沪A1,沪B2"},
		{`{"insuredObjects":[{"factor_table":{"P040":"2"}},{"factor_table":{"P041":7}},"x"]}`, ""},
		{`{"insuredObjects":{}}`, ""},
		{`{}`, ""},
	} {
		var doc map[string]any
		if err := json.Unmarshal([]byte(c.doc), &doc); err != nil {
			t.Fatal(err)
		}
		got := Plates(doc)
		if got["plate"] != c.want || (c.want == "" && got != nil) {
			t.Errorf("%s: %v, want %q", c.doc, got, c.want)
		}
	}
}
