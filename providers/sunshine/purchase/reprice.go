package purchase

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/insurekit/insure/providers/sunshine"
)

// The platform may price a 110 for another combination than the one
// sent (it adjusts what it will not cover as asked). That is its answer,
// not an error, but a script reading only the premium would buy what it
// did not ask for: the difference is said on stderr.

// repriced lists the coverages (and the compulsory choice) whose value in
// a priced answer differs from what the 110 asked for, or that it left
// out although they were asked for; nil when the answer priced what was
// asked.
func repriced(sent []sunshine.Inputs, priced []sunshine.Tags) []string {
	answered := map[string]sunshine.Tag{}
	for _, g := range priced {
		for _, t := range g.Tags {
			if k := t.Key(); k != "" {
				if _, seen := answered[k]; !seen {
					answered[k] = t
				}
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, g := range sent {
		for _, in := range g.Inputs {
			if !strings.HasPrefix(in.Name, "cov_") && in.Name != "forceFlag" || seen[in.Name] {
				continue
			}
			seen[in.Name] = true
			name := in.Name
			t, ok := answered[in.Name]
			switch {
			case !ok && !isZero(strings.TrimSpace(in.Value)):
				out = append(out, fmt.Sprintf("%s left out (asked %s)", name, in.Value))
			case ok && !sameValue(t.Value(), in.Value):
				if l := t.Label(); l != "" {
					name += " (" + l + ")"
				}
				out = append(out, fmt.Sprintf("%s priced at %s (asked %s)", name, orNone(t.Value()), orNone(in.Value)))
			}
		}
	}
	return out
}

// sameValue compares two coverage values, as numbers when both are
// ("500000" and "500000.00" are one sum insured).
func sameValue(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return x == y
	}
	return a == b
}

// warnRepriced tells when a 110 was priced for another combination.
func (f *Flow) warnRepriced(sent []sunshine.Inputs, resp *sunshine.Response) {
	if diff := repriced(sent, resp.TagsList); len(diff) > 0 {
		f.note("warning: the platform priced session %s for other coverages than asked for: %s; check the quote before buying it", f.Session.ID, strings.Join(diff, "; "))
	}
}
