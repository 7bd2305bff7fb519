package root

import (
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
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

// fileFlags take a file name (or - for stdin) and dirFlags a folder: the
// shell offers those. Every other flag without a completion of its own
// takes a value no file name answers (a VIN, a plate, a duration, a jq
// expression), so it offers nothing rather than the current folder.
var (
	fileFlags  = []string{"file", "batch", "config", "cacert"}
	dirFlags   = []string{"dir", "state-dir"}
	flagValues = map[string][]string{"input-format": {"jsonl", "csv"}}
)

// registerValueCompletions completes, across the tree, the flags and
// positional arguments no command completes itself: file and folder flags
// with the shell's file names, the others with their fixed values or
// nothing, and a positional argument that is not a FILE (profile add
// NAME, sign bihu renew KEY=VALUE, the help topics) with nothing. A
// command with subcommands gets that too: cobra offers its subcommands
// without asking, but after a switch of its own (insure --version) it
// offers no subcommand and fell back to the folder's files.
func registerValueCompletions(cmd *cobra.Command) {
	visit := func(c *cobra.Command, fl *pflag.Flag) {
		if fl.Value.Type() == "bool" || fl.Name == "help" {
			return
		}
		if _, ok := c.GetFlagCompletionFunc(fl.Name); ok {
			return
		}
		var fn cmdutil.CompletionFunc
		switch {
		case slices.Contains(fileFlags, fl.Name):
			return
		case slices.Contains(dirFlags, fl.Name):
			fn = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return nil, cobra.ShellCompDirectiveFilterDirs
			}
		case flagValues[fl.Name] != nil:
			fn = cobra.FixedCompletions(flagValues[fl.Name], cobra.ShellCompDirectiveNoFileComp)
		default:
			fn = cobra.NoFileCompletions
		}
		_ = c.RegisterFlagCompletionFunc(fl.Name, fn)
	}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) { visit(c, fl) })
		c.PersistentFlags().VisitAll(func(fl *pflag.Flag) { visit(c, fl) })
		if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 && !strings.Contains(c.Use, "FILE") {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(cmd)
}
