package shared

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/store"
)

// Empty is what history list and export say on stderr when nothing
// matches, so that an empty result is never mistaken for a broken one:
// nothing recorded at all, or nothing matching the filters (named, a key
// masked), and how many requests of other profiles match (an identifier
// from another profile's work). done ends a sentence ("nothing exported"),
// empty for none; others is the verb for --all-profiles ("lists").
func Empty(ctx context.Context, w io.Writer, st *store.Store, f store.JournalFilter, since, until, done, others string) {
	tail := ""
	if done != "" {
		tail = "; " + done
	}
	if total, err := st.CountHistory(ctx, store.JournalFilter{}); err != nil || total == 0 {
		fmt.Fprintln(w, "no requests recorded yet"+tail)
		return
	}
	var filters []string
	for _, fl := range []struct{ flag, v string }{
		{"--provider", f.Provider}, {"--op", f.Operation}, {"--key", MaskedKey(f.Key)},
		{"--status", f.Status}, {"--since", since}, {"--until", until},
	} {
		if fl.v != "" {
			filters = append(filters, fl.flag+" "+fl.v)
		}
	}
	msg := "no requests recorded"
	if f.Profile != "" {
		msg += fmt.Sprintf(" for profile %q", f.Profile)
	}
	if len(filters) > 0 {
		msg += " match " + strings.Join(filters, " ")
	}
	msg += tail
	if f.Profile != "" {
		f.Profile = ""
		if n, err := st.CountHistory(ctx, f); err == nil && n > 0 {
			msg += fmt.Sprintf("; %d for other profiles: --all-profiles %s them", n, others)
		}
	}
	fmt.Fprintln(w, msg)
}
