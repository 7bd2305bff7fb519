package api

import (
	"encoding/json"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A control the platform marks <Tag readonly="true"> (the sandbox's 100
// answer: the owner named in 100) says so in the JSON output; the others
// carry no such key, and the existing fields stay as they were.
func TestSunshineReadOnlyControlIsShown(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "sunshine", "100", "-f", "../../../examples/sunshine/100.yaml", "--set", "vehicleInfo.cityCode=07518800"); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Forms []struct {
			Controls []map[string]any `json:"controls"`
		} `json:"forms"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range v.Forms {
		for _, c := range f.Controls {
			ro, has := c["readonly"]
			switch c["key"] {
			case "ownerName":
				seen = true
				if ro != true || c["value"] == "" || c["type"] != "text" {
					t.Errorf("ownerName: %v", c)
				}
			default:
				if has {
					t.Errorf("%v is not read-only: %v", c["key"], c)
				}
			}
		}
	}
	if !seen {
		t.Fatalf("no ownerName control: %s", e.Out.String())
	}
}
