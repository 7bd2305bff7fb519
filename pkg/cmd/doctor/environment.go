package doctor

import (
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/registry"
)

// environmentChecks warns about each INSURE_<PROVIDER>_<FIELD> variable
// that names no setting: a misspelt override (INSURE_PAODING_PASWORD) is
// ignored by every command, so the profile's own value is used instead,
// and the report said nothing while the user believed the override in
// force. A warning, not a failure: the variable changes nothing.
func environmentChecks(reg *registry.Registry) []Check {
	var out []Check
	for _, d := range reg.All() {
		prefix := strings.ToUpper(registry.EnvName(d.Name, "")) // INSURE_PAODING_
		var known []string
		for _, k := range d.Keys() {
			known = append(known, registry.EnvName(d.Name, k))
		}
		var unknown []string
		for _, kv := range os.Environ() {
			name, value, _ := strings.Cut(kv, "=")
			if value == "" || !strings.HasPrefix(name, prefix) || slices.Contains(known, name) {
				continue
			}
			unknown = append(unknown, name)
		}
		sort.Strings(unknown)
		for _, name := range unknown {
			c := Check{Name: "environment", Provider: d.Name, Status: "warn", Setting: name,
				Detail: name + " is not a setting of " + d.Name + " and is ignored"}
			if near := registry.Closest(name, known); near != "" {
				c.Hint = "did you mean " + near + "? (insure help environment lists them)"
			} else {
				c.Hint = "insure help environment lists the variables insure reads"
			}
			out = append(out, c)
		}
	}
	return out
}
