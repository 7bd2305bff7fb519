// Package completion implements `insure completion SHELL`.
package completion

import (
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

// NewCmdCompletion prints a completion script. Dynamic completions (profile
// names, brand factory ids, order numbers) read only local files and the
// store: completing never makes a network call.
func NewCmdCompletion(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a completion script for your shell.

  bash:        source <(insure completion bash)        # or save to /etc/bash_completion.d/insure
  zsh:         insure completion zsh > "${fpath[1]}/_insure"
  fish:        insure completion fish > ~/.config/fish/completions/insure.fish
  powershell:  insure completion powershell | Out-String | Invoke-Expression`,
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args:      cmdutil.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(ios.Out, true)
			case "zsh":
				return root.GenZshCompletion(ios.Out)
			case "fish":
				return root.GenFishCompletion(ios.Out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(ios.Out)
			}
			return cmdutil.FlagErrorf("unknown shell %q: choose bash, zsh, fish or powershell", args[0])
		},
	}
}
