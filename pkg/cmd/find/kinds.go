package find

import (
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/store"
)

// Steps link through a number only under the same kind of key: a policy
// number to a policy number, an orderId to an orderId. A look-up given an
// order's platform number as its orderId, or a cancellation given a
// quotation number as the policy, failed on a number nothing has under
// that name; linked by its digits alone, it joined the order's or the
// policy's story, renamed its subject and set its state.

// kinds holds the linking numbers found so far, each with the names of
// the keys it was found under.
type kinds map[string]map[string]bool

// add records the linking numbers keys carries.
func (k kinds) add(keys map[string]string) {
	for name, v := range keys {
		if !linking[name] {
			continue
		}
		for _, p := range strings.Split(v, ",") {
			if p == "" {
				continue
			}
			if k[p] == nil {
				k[p] = map[string]bool{}
			}
			k[p][name] = true
		}
	}
}

// carriedBy says whether keys holds one of the numbers under a name it
// was found under.
func (k kinds) carriedBy(keys map[string]string) bool {
	for name, v := range keys {
		for _, p := range strings.Split(v, ",") {
			if k[p][name] {
				return true
			}
		}
	}
	return false
}

// values are the numbers, sorted: the next round's look-ups.
func (k kinds) values() []string {
	out := make([]string, 0, len(k))
	for v := range k {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// related marks the steps of the subject's own story: those carrying
// value under key, and those linked to them by an order, quotation,
// proposal, policy or session number under its own kind of key.
func related(steps []Step, key, value string) []bool {
	own := make([]bool, len(steps))
	if value == "" {
		// No subject: the story is the steps found.
		for i := range own {
			own[i] = true
		}
		return own
	}
	found := kinds{}
	for _, p := range strings.Split(value, ",") {
		found[p] = map[string]bool{key: true}
	}
	for changed := true; changed; {
		changed = false
		for i, s := range steps {
			if own[i] || !found.carriedBy(s.Keys) {
				continue
			}
			own[i], changed = true, true
			found.add(s.Keys)
		}
	}
	return own
}

// namesAnother says whether value, which a step that did not go through
// carries under key, is carried under another name by a step that did:
// the platform number of an order looked up as an orderId, a quotation
// number cancelled as a policy. Such a step names no order or policy of
// the story (the provider found none), so it does not name the subject.
func namesAnother(steps []Step, key, value string) bool {
	for _, s := range steps {
		if s.Outcome != store.OutcomeOK {
			continue
		}
		for name, v := range s.Keys {
			if name == key {
				continue
			}
			for _, p := range strings.Split(v, ",") {
				for _, q := range strings.Split(value, ",") {
					if p != "" && p == q {
						return true
					}
				}
			}
		}
	}
	return false
}
