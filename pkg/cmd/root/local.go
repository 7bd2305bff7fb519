package root

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/version"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// addVersionFlag makes `insure --version` print what `insure version` does.
// The flag is insure's, not cobra's: cobra's would print "insure version
// X" or go through SetVersionTemplate, a text/template, and any template
// execution linked in makes the linker keep every exported method of
// every reachable type (3 MB, and a share of every start-up). The root
// command runs nothing, so cobra answers `insure --version` with the help
// function, which prints the line instead.
func addVersionFlag(root *cobra.Command) {
	root.Flags().Bool("version", false, "Print insure's version")
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == root && flagSet(c, "version") && !flagSet(c, "help") {
			_, _ = fmt.Fprintln(c.OutOrStdout(), version.Current().Line())
			return
		}
		help(c, args)
	})
}

func flagSet(c *cobra.Command, name string) bool {
	on, err := c.Flags().GetBool(name)
	return err == nil && on
}

// localCommands send nothing to a provider: the request flags mean nothing
// to them. A command elsewhere says so with cmdutil.MarkSendsNothing.
var localCommands = []string{"insure version", "insure completion", "insure help", "insure history", "insure profile", "insure example"}

// instantCommands finish at once and hold nothing a signal should let
// them undo (no request, journal, lock or prompt), so they leave SIGINT
// and SIGTERM their default effect instead of paying to catch them
// (cmdutil.CatchInterrupts). cobra's __complete answers shell completion.
var instantCommands = []string{"insure version", "insure completion", "insure help", "insure example", "insure sign",
	"insure " + cobra.ShellCompRequestCmd, "insure " + cobra.ShellCompNoDescRequestCmd}

// instant reports whether c is one of instantCommands or under one.
func instant(c *cobra.Command) bool {
	path := c.CommandPath()
	for _, p := range instantCommands {
		if path == p || strings.HasPrefix(path, p+" ") {
			return true
		}
	}
	return false
}

// requestFlags only affect a request that is sent.
var requestFlags = []string{"dry-run", "curl", "timeout", "cacert"}

// hideInapplicableFlags keeps the global flags that cannot apply to a
// local command out of its help. They are still accepted (a script that
// passes --timeout everywhere keeps working); they are just not offered.
// --yes stays listed where the command confirms something.
func hideInapplicableFlags(root *cobra.Command) {
	def := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if !sendsNothing(c) {
			def(c, args)
			return
		}
		hide := append([]string{}, requestFlags...)
		if !cmdutil.Confirms(c) {
			hide = append(hide, "yes")
		}
		pf := root.PersistentFlags()
		for _, name := range hide {
			if fl := pf.Lookup(name); fl != nil && !fl.Hidden {
				fl.Hidden = true
				defer func() { fl.Hidden = false }()
			}
		}
		def(c, args)
	})
}

func sendsNothing(c *cobra.Command) bool {
	if c == c.Root() {
		return false
	}
	if cmdutil.SendsNothing(c) {
		return true
	}
	path := c.CommandPath()
	for _, p := range localCommands {
		if path == p || strings.HasPrefix(path, p+" ") {
			return true
		}
	}
	return false
}
