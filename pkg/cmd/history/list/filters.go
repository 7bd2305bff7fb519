package list

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
)

// sayWhyEmpty tells, on stderr, why the list is empty: nothing recorded
// at all, or nothing matching the filters, and how many requests of other
// profiles match (an identifier from another profile's work).
func sayWhyEmpty(opts *Options, st *store.Store, f store.JournalFilter) {
	if total, err := st.CountHistory(opts.Ctx, store.JournalFilter{}); err != nil || total == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "no requests recorded yet")
		return
	}
	var filters []string
	for _, fl := range []struct{ flag, v string }{
		{"--provider", f.Provider}, {"--op", f.Operation}, {"--key", personal.MaskKey(f.Key)},
		{"--status", f.Status}, {"--since", opts.Since}, {"--until", opts.Until},
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
	if f.Profile != "" {
		f.Profile = ""
		if n, err := st.CountHistory(opts.Ctx, f); err == nil && n > 0 {
			msg += fmt.Sprintf("; %d for other profiles: --all-profiles lists them", n)
		}
	}
	fmt.Fprintln(opts.IO.ErrOut, msg)
}
