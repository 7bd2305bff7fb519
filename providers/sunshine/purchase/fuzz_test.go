package purchase

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// FuzzAnswers reads arbitrary answer files (-f -) and --set values.
// Property: no panic; a refusal is a Usage *failure.Error; what was read
// can be looked up again.
func FuzzAnswers(f *testing.F) {
	f.Add("ownerIdNo: 110101199003070016\nvehicle:\n  licenseNo: 京A12345\n", "ownerIdNo=110101199003070016")
	f.Add(`{"CarInfo":{"licenseNo":"京A12345","enrollDate":"2020-01-01"},"amount":500000.00,"ok":true,"none":null}`, "CarInfo.licenseNo=京B12345")
	f.Add("inputsList:\n  - type: CarInfo\n    inputs:\n      - {name: licenseNo, value: 京A12345}\n", "=x")
	f.Add("- a\n- b\n", ".k=v")
	f.Add("inputsList: 3", "g.=v")
	f.Add("a: [1, {b: c}]\n", "no-equals")
	f.Fuzz(func(t *testing.T, file, set string) {
		a := &Answers{}
		err := ReadAnswersFile(a, strings.NewReader(file), "-")
		if err != nil {
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Usage {
				t.Fatalf("answers file refused with %T %v", err, err)
			}
		}
		err = ParseSets(a, strings.Split(set, "\n"))
		if err != nil {
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) == 0 {
				t.Fatalf("--set refused with %T %v", err, err)
			}
			return
		}
		// Every --set is accepted, so the last one for each key wins.
		want := map[string]string{}
		for _, s := range strings.Split(set, "\n") {
			k, v, _ := strings.Cut(s, "=")
			k = strings.TrimSpace(k)
			if _, key, dotted := strings.Cut(k, "."); dotted {
				k = key
			}
			want[k] = v
		}
		for k, v := range want {
			if got, ok := a.Get(k); !ok || got != v {
				t.Fatalf("--set %s=%q: Get gives %q, %v", k, v, got, ok)
			}
		}
		_ = a.Unused(nil)
	})
}

// FuzzFormControls runs the form code on arbitrary controls and answers.
// Property: no panic; a normalised answer to a choice is one of its
// options' values, and normalising it again keeps it.
func FuzzFormControls(f *testing.F) {
	f.Add("select", "不投保:0.00;足额投保:98800.00", "足额投保", "")
	f.Add("checkbox", "A:1;B:2;C", "1,B, C", "")
	f.Add("radio", "是:1;否:0", "0.0", "1")
	f.Add("date", "", "2025-02-30", "12.5")
	f.Add("text", ":;::;", "x", "1e400")
	f.Fuzz(func(t *testing.T, typ, data, ans, premium string) {
		tag := sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: typ}, {Name: "key", Value: "k"},
			{Name: "data", Value: data}, {Name: "premium", Value: premium}, {Name: "label", Value: "L"}}}
		_, _ = tag.Premium()
		_ = MissingFields([]sunshine.Tags{{Type: "G", Tags: []sunshine.Tag{tag}}})
		_ = OptionLabel(tag, ans)
		v, err := Normalise(tag, ans)
		if err != nil {
			return
		}
		kind := strings.ToLower(strings.TrimSpace(typ))
		if opts := tag.Options(); (kind == "select" || kind == "radio") && len(opts) > 0 {
			found := false
			for _, o := range opts {
				found = found || o.Value == v
			}
			if !found {
				t.Fatalf("answer %q normalised to %q, not an option of %q", ans, v, data)
			}
			if again, err := Normalise(tag, v); err != nil || again != v {
				t.Fatalf("normalising %q again gives %q, %v", v, again, err)
			}
		}
	})
}
