package root

import (
	"strings"

	"github.com/insurekit/insure/pkg/cmd/api"
	"github.com/insurekit/insure/pkg/cmd/cancel"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmd/doctor"
	"github.com/insurekit/insure/pkg/cmd/example"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/history"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/profile"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmd/renew"
	sandboxcmd "github.com/insurekit/insure/pkg/cmd/sandbox/serve"
	"github.com/insurekit/insure/pkg/cmd/sign"
	sunshinecmd "github.com/insurekit/insure/pkg/cmd/sunshine"
	"github.com/insurekit/insure/pkg/cmd/token"
	"github.com/insurekit/insure/pkg/cmd/vinreport"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// topLevel lists the top-level commands. A new command is one line here.
// name (and aliases, if the command has any) must be the built command's:
// NewCmdRootFor routes by them before building anything, and
// TestTopLevelNames checks them.
var topLevel = []struct {
	name    string
	aliases []string
	build   func(*cmdutil.Factory) *cobra.Command
}{
	{"quote", nil, func(f *cmdutil.Factory) *cobra.Command { return quote.NewCmdQuote(f, nil) }},
	{"issue", nil, func(f *cmdutil.Factory) *cobra.Command { return issue.NewCmdIssue(f, nil) }},
	{"cancel", nil, func(f *cmdutil.Factory) *cobra.Command { return cancel.NewCmdCancel(f, nil) }},
	{"renew", nil, func(f *cmdutil.Factory) *cobra.Command { return renew.NewCmdRenew(f, nil) }},
	{"vin-report", nil, vinreport.NewCmdVinReport},
	{"token", nil, token.NewCmdToken},
	{"profile", nil, profile.NewCmdProfile},
	{"sign", nil, sign.NewCmdSign},
	{"sunshine", nil, sunshinecmd.NewCmdSunshine},
	{"api", nil, func(f *cmdutil.Factory) *cobra.Command { return api.NewCmdAPI(f, nil) }},
	{"example", nil, func(f *cmdutil.Factory) *cobra.Command { return example.NewCmdExample(f, nil) }},
	{"configure", nil, func(f *cmdutil.Factory) *cobra.Command { return configure.NewCmdConfigure(f, nil) }},
	{"doctor", nil, func(f *cmdutil.Factory) *cobra.Command { return doctor.NewCmdDoctor(f, nil) }},
	{"sandbox", nil, sandboxcmd.NewCmdSandbox},
	{"find", nil, func(f *cmdutil.Factory) *cobra.Command { return find.NewCmdFind(f, nil) }},
	{"history", nil, history.NewCmdHistory},
}

// commands builds every top-level command.
func commands(f *cmdutil.Factory) []*cobra.Command {
	out := make([]*cobra.Command, len(topLevel))
	for i, c := range topLevel {
		out[i] = c.build(f)
	}
	return out
}

// commandArg is the argument cobra's routing reads as the top-level
// command's name: the first that is neither a flag nor the value of one,
// with the root's flags deciding which take a value, as cobra reads them
// (stripFlags in cobra's command.go). It is only a guess: NewCmdRootFor
// lets cobra check it.
func commandArg(root *cobra.Command, args []string) string {
	takesValue := func(fl *pflag.Flag) bool { return fl == nil || fl.NoOptDefVal == "" }
	lookup := func(name string) *pflag.Flag {
		if fl := root.Flags().Lookup(name); fl != nil {
			return fl
		}
		return root.PersistentFlags().Lookup(name)
	}
	shorthand := func(c string) *pflag.Flag {
		if fl := root.Flags().ShorthandLookup(c); fl != nil {
			return fl
		}
		return root.PersistentFlags().ShorthandLookup(c)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return ""
		case strings.HasPrefix(a, "--") && !strings.Contains(a, "="):
			if takesValue(lookup(a[2:])) {
				i++
			}
		case strings.HasPrefix(a, "-") && !strings.Contains(a, "=") && len(a) == 2:
			if takesValue(shorthand(a[1:])) {
				i++
			}
		case a != "" && !strings.HasPrefix(a, "-"):
			return a
		}
	}
	return ""
}

// topAncestor is c's ancestor just below the root (c itself if its parent
// is the root), or nil for the root.
func topAncestor(c *cobra.Command) *cobra.Command {
	for c != nil && c.HasParent() && c.Parent().HasParent() {
		c = c.Parent()
	}
	if c == nil || !c.HasParent() {
		return nil
	}
	return c
}
