// Package completion implements `insure completion SHELL`.
package completion

import (
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

// NewCmdCompletion prints a completion script. Dynamic completions (profile
// names, brand factory ids, order numbers) read only local files and the
// store: completing never makes a network call.
func NewCmdCompletion(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a completion script for your shell. Load it into this session, or save
it where your shell looks (docs/installing.md has macOS and the packages):

  bash:        source <(insure completion bash)
               mkdir -p ~/.local/share/bash-completion/completions && insure completion bash > ~/.local/share/bash-completion/completions/insure
               (saved scripts need the bash-completion package)
  zsh:         mkdir -p ~/.zfunc && insure completion zsh > ~/.zfunc/_insure
               then, once, in ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -U compinit; compinit
  fish:        mkdir -p ~/.config/fish/completions && insure completion fish > ~/.config/fish/completions/insure.fish
  powershell:  insure completion powershell | Out-String | Invoke-Expression   (add it to $PROFILE to keep it)`,
		// Only the first argument is a shell: after it, nothing (a
		// ValidArgs list alone lets the shell offer file names there).
		ValidArgsFunction: func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			var out []string
			for _, s := range shells {
				if len(args) == 0 && strings.HasPrefix(s, prefix) {
					out = append(out, s)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		Args: cmdutil.ExactArgs(1),
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
