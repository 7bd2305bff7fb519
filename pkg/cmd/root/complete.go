package root

import (
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// registerRecordCompletions gives every flag a provider's registry entry
// names in RecordFlags a completion from the local index (never from the
// network), without each command registering it.
func registerRecordCompletions(cmd *cobra.Command, f *cmdutil.Factory) {
	for _, p := range f.Registry.All() {
		for name, kind := range p.RecordFlags {
			if cmd.Flags().Lookup(name) != nil {
				if _, ok := cmd.GetFlagCompletionFunc(name); !ok {
					_ = cmd.RegisterFlagCompletionFunc(name, cmdutil.CompleteRecords(f, p.Name, kind))
				}
			}
		}
	}
	for _, c := range cmd.Commands() {
		registerRecordCompletions(c, f)
	}
}
