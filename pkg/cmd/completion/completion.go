// Package completion implements `insure completion SHELL`.
package completion

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

// NewCmdCompletion prints a completion script. Dynamic completions (profile
// names, brand factory ids, order numbers) read only local files and the
// store: completing never makes a network call.
func NewCmdCompletion(ios *iostreams.IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		// Commands sit in blocks indented four spaces, each line within 80
		// columns: Markdown, and so the man page, shows such a block as
		// written, where it joined and hyphenated the lines of a shallower
		// indent into a paragraph no one could paste from.
		Long: `Print a completion script for your shell. The first command for each shell
loads it into this session; the others save it where the shell looks, for
every new session. docs/installing.md covers macOS and the packages.

bash (loaded or saved, the script needs the bash-completion package):

    source <(insure completion bash)
    mkdir -p ~/.local/share/bash-completion/completions && \
      insure completion bash > ~/.local/share/bash-completion/completions/insure

zsh (source needs compinit to have run; the echo line is needed once):

    source <(insure completion zsh)
    mkdir -p ~/.zfunc && insure completion zsh > ~/.zfunc/_insure
    echo 'fpath=(~/.zfunc $fpath); autoload -U compinit; compinit' >> ~/.zshrc

fish:

    insure completion fish | source
    mkdir -p ~/.config/fish/completions && \
      insure completion fish > ~/.config/fish/completions/insure.fish

PowerShell (add the line to $PROFILE to keep it):

    insure completion powershell | Out-String | Invoke-Expression`,
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
				return WriteZsh(root, ios.Out)
			case "fish":
				return WriteFish(root, ios.Out)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(ios.Out)
			}
			return unknownShell(args[0])
		},
	}
	cmdutil.MarkWritesFile(cmd) // its stdout is the script a shell saves
	return cmd
}

// unknownShell is the usage error for a shell argument insure has no
// script for. A path such as $SHELL's /bin/zsh, or a capitalised name,
// names a shell it does know: the hint gives that name to type.
func unknownShell(arg string) error {
	hint := "for example: insure completion bash"
	if name := strings.ToLower(path.Base(arg)); name != arg && slices.Contains(shells, name) {
		hint = "name the shell in lower case, without a folder: insure completion " + name
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("unknown shell %q: choose bash, zsh, fish or powershell", arg), Hint: hint}
}

// flagWithValue is the pattern, anchored at the word's start and ending
// at the word's first "=", that tells a flag written with its value
// (--output=js, --set=bihu.hex-case=) from a value that has a dash and an
// "=" of its own (--set bihu.hex-case=). cobra's scripts test '-.*=',
// which matched the dash inside a setting's name, and the shells rewrote
// `--set paoding.header-style=<Tab>` to `--set -style=paoding.header-style=`;
// greedy past the first "=", it took `--set=bihu.hex-case=` whole for the
// flag and doubled the setting's name.
const flagWithValue = `'^-[^=]*='`

// WriteZsh writes root's zsh completion script: cobra's, with the test
// for a flag written with its value anchored (flagWithValue).
func WriteZsh(root *cobra.Command, w io.Writer) error {
	var b bytes.Buffer
	if err := root.GenZshCompletion(&b); err != nil {
		return err
	}
	return patch(w, b.String(), `[[ "${lastParam}" =~ '-.*=' ]]`, `[[ "${lastParam}" =~ `+flagWithValue+` ]]`)
}

// WriteFish writes root's fish completion script: cobra's, with the same
// anchored test for a flag written with its value as zsh's.
func WriteFish(root *cobra.Command, w io.Writer) error {
	var b bytes.Buffer
	if err := root.GenFishCompletion(&b, true); err != nil {
		return err
	}
	return patch(w, b.String(), `(string match -r -- '-.*=' "$lastArg")`, `(string match -r -- `+flagWithValue+` "$lastArg")`)
}

// patch writes script with old replaced by new, and fails rather than
// write cobra's unpatched script when a cobra upgrade changed old.
func patch(w io.Writer, script, old, new string) error {
	if !strings.Contains(script, old) {
		return fmt.Errorf("completion script: %s not found; cobra's script changed, update package completion", old)
	}
	_, err := io.WriteString(w, strings.Replace(script, old, new, 1))
	return err
}
