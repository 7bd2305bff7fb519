package find

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/store"
)

// manySteps is the story length from which the terminal view counts its
// steps by kind above the table: a car quoted two thousand times printed
// two thousand rows, and the state names only the newest policy.
const manySteps = 20

// tally counts steps by kind, in the order each kind first appears, and
// those that did not go through: "2304 steps: 2000 quoted, 200 issued,
// 100 cancelled, 4 report fetched; 3 failed, 1 unknown".
//
// An act (acts) is counted under its kind once, by the key that names it
// (actKey: an issuance's quotation, a cancellation's policy, a purchase's
// order id), and only when it went through or may have: the settle
// command run after a lost answer, which the provider refused as already
// done, and a refused or never-sent attempt, counted as issued or
// cancelled too, made "7 issued" of five policies. A failed attempt is
// counted under failed alone. Look-ups and quotes count each step.
func tally(steps []Step, acts func(provider, operation string) bool, actKey func(provider, operation string) string) string {
	var order []string
	count := map[string]int{}
	outcomes := map[string]int{}
	type act struct{ provider, operation, key string }
	counted := map[act]bool{}
	for _, s := range steps {
		if s.Outcome != store.OutcomeOK {
			outcomes[s.Outcome]++
		}
		if acts != nil && acts(s.Provider, s.Operation) {
			if s.Outcome == store.OutcomeFailed {
				continue
			}
			if actKey != nil {
				if k := s.Keys[actKey(s.Provider, s.Operation)]; k != "" {
					a := act{s.Provider, s.Operation, k}
					if counted[a] {
						continue
					}
					counted[a] = true
				}
			}
		}
		if count[s.Step] == 0 {
			order = append(order, s.Step)
		}
		count[s.Step]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%d %s", count[k], k)
	}
	out := fmt.Sprintf("%d steps", len(steps))
	if len(parts) > 0 {
		out += ": " + strings.Join(parts, ", ")
	}
	var bad []string
	for _, o := range []string{store.OutcomeFailed, store.OutcomeUnknown} {
		if n := outcomes[o]; n > 0 {
			bad = append(bad, fmt.Sprintf("%d %s", n, o))
		}
	}
	if len(bad) > 0 {
		out += "; " + strings.Join(bad, ", ")
	}
	return out
}
