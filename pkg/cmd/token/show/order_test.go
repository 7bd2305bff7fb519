package show

import (
	"strings"
	"testing"
	"time"
)

// On a terminal the note that values are masked comes after the table it
// is about, not above it: stdout and stderr share the screen.
func TestMaskedNoteFollowsTheTable(t *testing.T) {
	e := newEnv(t, true)
	e.F.IOStreams.SetColorEnabled(false)
	e.F.IOStreams.ErrOut = e.F.IOStreams.Out // one screen
	cache(t, e, "sandbox", "paoding", 2*time.Hour)
	if err := run(e, "--provider", "paoding"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	note, table := strings.Index(out, "token values are masked"), strings.Index(out, "provider:")
	if note < 0 || table < 0 || note < table || strings.Contains(out, tokenValue) {
		t.Fatalf("note at %d, table at %d:\n%s", note, table, shown(e))
	}
}
