package find

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
)

// insure doctor checks credentials with real requests (its eBao probe is
// a quotation of the example car, plate 沪A6U615, the example holder), and
// a CI job that runs it hourly would bury a car's story under them: they
// are no customer's, so a story leaves them out and counts them, unless
// --probes keeps them or they are all there is to tell.

// withoutProbes returns steps without doctor's probes and how many were
// left out; all of them when keep is set or every step is a probe.
func withoutProbes(steps []Step, keep bool) ([]Step, int) {
	if keep {
		return steps, 0
	}
	kept := make([]Step, 0, len(steps))
	for _, s := range steps {
		if s.Probe == "" {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return steps, 0
	}
	return kept, len(steps) - len(kept)
}

// storyState is state told of the customers' steps: a probe kept by
// --probes is not the subject (doctor's sample quotation was named as the
// car's newest), nor its last step. A story of probes alone says so.
func storyState(steps []Step, acts func(provider, operation string) bool) string {
	own := make([]Step, 0, len(steps))
	for _, s := range steps {
		if s.Probe == "" {
			own = append(own, s)
		}
	}
	if len(own) > 0 {
		return state(own, acts)
	}
	if len(steps) == 0 {
		return ""
	}
	return "insure doctor's probes only: " + state(steps, acts)
}

// probesNote says how many probes were left out and how to see them. A
// key kept only as a hash (a name, an ID number) is not repeated.
func probesNote(n int, key string, hint cmdutil.Hinter) string {
	what := fmt.Sprintf("%d insure doctor probes", n)
	if n == 1 {
		what = "1 insure doctor probe"
	}
	how := "add --probes to keep them"
	if !strings.HasPrefix(key, "h:") {
		how = hint.Command("find", key, "--probes") + " keeps them"
	}
	return fmt.Sprintf("(%s left out: %s)", what, how)
}
