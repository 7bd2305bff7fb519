package root

import (
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

// routedCommand names the top-level command cobra would run for args:
// one of topLevel's, "version", or "" for anything else (the root itself,
// help, completion, a help topic, a name cobra would not find). It asks
// cobra, on a throwaway root with the real root's flags (they decide which
// arguments are flag values) and one empty command per name.
func routedCommand(root *cobra.Command, args []string) string {
	probe := &cobra.Command{Use: root.Use}
	probe.Flags().AddFlagSet(root.Flags())
	probe.PersistentFlags().AddFlagSet(root.PersistentFlags())
	run := func(*cobra.Command, []string) {}
	probe.AddCommand(&cobra.Command{Use: "version", Run: run})
	for _, c := range topLevel {
		probe.AddCommand(&cobra.Command{Use: c.name, Aliases: c.aliases, Run: run})
	}
	found, _, err := probe.Find(args)
	if err != nil || found == probe {
		return ""
	}
	return found.Name()
}
