package shared

import (
	"fmt"
	"slices"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// RegisterFilterCompletions completes the filters history list and
// history export share from the registry, the configuration and the local
// journal, never from the network; none of them is a file name.
func RegisterFilterCompletions(cmd *cobra.Command, f *cmdutil.Factory) {
	none := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("key", cmdutil.CompleteJournalKeys(f, 0))
	_ = cmd.RegisterFlagCompletionFunc("provider", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		if f.Registry == nil {
			return nil, none
		}
		return f.Registry.Names(), none
	})
	ops := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		if f.Registry == nil {
			return nil, none
		}
		var out, seen []string
		for _, p := range f.Registry.All() {
			add := func(name string) {
				if !slices.Contains(seen, name) {
					seen = append(seen, name)
					out = append(out, name+"\t"+p.Name)
				}
			}
			for _, o := range p.Operations {
				add(o.JournalName())
			}
			for _, j := range p.JournalOperations {
				add(j)
			}
		}
		return out, none
	}
	for _, name := range []string{"op", "operation"} {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, ops)
		}
	}
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{store.OutcomeOK, store.OutcomeFailed, store.OutcomeUnknown}, none))
	if cmd.Flags().Lookup("for-profile") != nil {
		_ = cmd.RegisterFlagCompletionFunc("for-profile", func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
			var out []string
			if f.Config != nil {
				if cfg, err := f.Config(); err == nil {
					out = cfg.ProfileNames()
				}
			}
			// A removed profile's requests are still in the journal.
			if st, err := f.Store(); err == nil {
				if names, err := st.JournalProfiles(c.Context()); err == nil {
					for _, n := range names {
						if !slices.Contains(out, n) {
							out = append(out, n)
						}
					}
				}
			}
			return out, none
		})
	}
}

// CompleteEntryIDs offers the newest journal ids of every profile, each
// described by its provider, operation, outcome and time, for history
// show ID.
func CompleteEntryIDs(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := f.Store()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		_ = st.EachHistory(cmd.Context(), store.JournalFilter{Limit: 50}, false, func(e *store.JournalEntry) error {
			out = append(out, fmt.Sprintf("%d\t%s %s %s %s %s", e.ID, e.Profile, e.Provider, e.Operation, e.Outcome,
				e.Time.In(output.Zone()).Format("2006-01-02 15:04")))
			return nil
		})
		// Newest first: the shell keeps the order only where it can.
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}
