package root

import (
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// recordFlags maps flag names to the store records they name, so every
// command with such a flag completes it from the local index (never from
// the network) without each command registering it.
var recordFlags = map[string]struct{ provider, kind string }{
	"session": {"sunshine", "session"},
	"quote":   {"ebao", "quotation"},
}

func registerRecordCompletions(cmd *cobra.Command, f *cmdutil.Factory) {
	for name, rec := range recordFlags {
		if cmd.Flags().Lookup(name) != nil {
			if _, ok := cmd.GetFlagCompletionFunc(name); !ok {
				_ = cmd.RegisterFlagCompletionFunc(name, cmdutil.CompleteRecords(f, rec.provider, rec.kind))
			}
		}
	}
	for _, c := range cmd.Commands() {
		registerRecordCompletions(c, f)
	}
}
