package builtin_test

import (
	"testing"

	"github.com/insurekit/insure/providers/builtin"
)

// The journal records each operation under its journal name (Sunshine's
// "txn.130"); what reads the journal (find's acts in doubt, the "outcome
// unknown" note on a failed act's row) looks operations up by that name.
// Sunshine's acts were looked up as "130" and never recognised.
func TestEveryActIsFoundByItsJournalName(t *testing.T) {
	reg := builtin.Registry()
	acts := 0
	for _, name := range reg.Names() {
		p, _ := reg.Lookup(name)
		for _, op := range p.Operations {
			got, ok := p.JournalOperation(op.JournalName())
			if !ok || got.Name != op.Name || got.Acts != op.Acts {
				t.Errorf("%s %s: journal name %q finds %+v (%v)", name, op.Name, op.JournalName(), got, ok)
			}
			if op.Acts {
				acts++
			}
		}
	}
	sunshine, _ := reg.Lookup("sunshine")
	if op, ok := sunshine.JournalOperation("txn.130"); !ok || !op.Acts {
		t.Errorf("txn.130: %+v %v", op, ok)
	}
	if acts < 5 {
		t.Errorf("%d acts", acts)
	}
}
