// Package root assembles the insure command tree and its global flags.
package root

import (
	"os"
	"slices"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/completion"
	"github.com/insurekit/insure/pkg/cmd/version"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// NewCmdRoot builds the root command and every command under it: what
// help, completion and the generated reference need.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := newRoot(f)
	for _, c := range commands(f) {
		cmd.AddCommand(c)
	}
	return finishRoot(cmd, f, true)
}

// NewCmdRootFor builds the root command to run args. When args run one of
// the top-level commands, only that one is built, not the others and their
// flags: building the whole tree was most of what insure itself did at
// start-up. The command is the argument cobra would route by (commandArg),
// and cobra's own Find on the small tree must agree; anything else (no
// command, help, completion, a help topic, an unknown name, flags read
// otherwise) gets the whole tree, so help, suggestions and completion see
// every command.
func NewCmdRootFor(f *cmdutil.Factory, args []string) *cobra.Command {
	cmd := newRoot(f)
	name := commandArg(cmd, args)
	var only *cobra.Command
	for _, c := range topLevel {
		if c.name == name || slices.Contains(c.aliases, name) {
			only = c.build(f)
			cmd.AddCommand(only)
		}
	}
	if only == nil && name != "version" {
		return NewCmdRoot(f)
	}
	finishRoot(cmd, f, false)
	found, _, err := cmd.Find(args)
	top := topAncestor(found)
	if err != nil || top == nil || only != nil && top != only || only == nil && top.Name() != "version" {
		return NewCmdRoot(f)
	}
	return cmd
}

// newRoot is the root command with its flags and hooks, no subcommands.
func newRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "insure <command> <subcommand> [flags]",
		Short: "Drive motor-insurance and vehicle-data partner APIs from the command line",
		Long: `insure talks to four partner APIs: eBao Cloud policies, Bihu renewals,
Sunshine's motor platform and Paoding 4S maintenance reports. It signs
requests the way each provider documents, verifies what comes back, and
prints tables for people and JSON for programs.

Try it with nothing configured: the built-in "sandbox" profile runs a
faithful fake of every provider in-process.

  insure -p sandbox vin-report brands`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Example: `  insure -p sandbox token get
  insure -p sandbox vin-report buy --vin LSVAU2180N2183294 \
    --brand-factory 20 --yes
  insure -p sandbox vin-report get ORDER_ID -o json --jq .status`,
	}
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.SetFlagErrorFunc(cmdutil.FlagError)
	cmd.SetUsageFunc(usage)

	g := f.Globals
	pf := cmd.PersistentFlags()
	pf.StringVarP(&g.Profile, "profile", "p", "", "Profile to use (built-in: sandbox)")
	pf.StringVar(&g.ConfigPath, "config", "", "Config file (default $XDG_CONFIG_HOME/insure/config.yaml)")
	pf.StringVarP(&g.Output, "output", "o", "", "Output format: table|json|yaml|xml|raw (default: table on a terminal, json otherwise)")
	pf.StringVar(&g.JQ, "jq", "", "Filter JSON output with a jq expression")
	pf.StringVar(&g.Template, "template", "", "Format JSON output with a Go template")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "Log requests and responses to stderr, secrets masked")
	pf.BoolVar(&g.DryRun, "dry-run", false, "Print the signed request instead of sending it")
	pf.BoolVar(&g.Curl, "curl", false, "Print the request as a curl command instead of sending it")
	pf.BoolVar(&g.ShowSecrets, "show-secrets", false, "Print secrets unmasked: --dry-run and --curl output, token views, renew's page links, what the sign commands mask (Paoding's sign, the Bihu session token in sign bihu renew and signout), and answers and errors that echo a secret (never the -v log or the journal)")
	pf.DurationVar(&g.Timeout, "timeout", 30*time.Second, "Time limit for each request, and for waiting on another insure process's token lock (0: no limit; negative values are refused)")
	pf.StringVar(&g.CACert, "cacert", "", "PEM file of CA certificates to trust besides the system roots (a partner's test CA)")
	pf.BoolVar(&g.NoColor, "no-color", false, "Disable colour (also NO_COLOR)")
	pf.BoolVar(&g.NoInput, "no-input", false, "Never prompt (implied when stdin is not a terminal or CI is set)")
	pf.BoolVar(&g.Yes, "yes", false, "Confirm acts that buy, issue or cancel")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json", "yaml", "xml", "raw"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("profile", cmdutil.CompleteProfileNames(f))

	cmd.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			// The shell reads whatever this prints as candidates: a bad
			// INSURE_TIMEOUT's error put JSON into the command line.
			// Completion takes what the environment gives and says nothing.
			_ = applyEnv(c.Root().PersistentFlags())
			return nil
		}
		if !instant(c) {
			cmdutil.CatchInterrupts(c.Context())
		}
		if err := applyEnv(c.Root().PersistentFlags()); err != nil {
			return err
		}
		g.TimeoutSet = c.Root().PersistentFlags().Changed("timeout")
		if g.Timeout < 0 {
			return &failure.Error{Kind: failure.Usage, Message: "--timeout " + g.Timeout.String() + ": a time limit cannot be negative",
				Hint: "use a positive duration such as 30s or 2m, or 0 for no limit"}
		}
		if g.NoColor {
			f.IOStreams.SetColorEnabled(false)
		}
		if g.NoInput {
			f.IOStreams.SetNeverPrompt(true)
		}
		cmdutil.ShowSecretsInErrors(g.ShowSecrets)
		if g.Verbose {
			// -v writes every exchange to stderr as it happens; with
			// stderr a pipe whose reader has gone (2>&1 | head -1) a
			// write would kill the process, also between an act and
			// its journal row. A failed log write is nothing to die of.
			cmdutil.IgnoreSIGPIPE()
		}
		return nil
	}

	cmd.AddGroup(&cobra.Group{ID: "work", Title: "Provider commands"}, &cobra.Group{ID: "setup", Title: "Setup and tools"})
	addVersionFlag(cmd)
	return cmd
}

// finishRoot adds the commands every tree has and the behaviour that
// applies to whatever commands it holds. Completions of flag values and
// records are registered only on a tree that may answer cobra's
// __complete, that is the whole tree: NewCmdRootFor's small tree never
// does, and walking every flag cost 0.2 ms of each start.
func finishRoot(cmd *cobra.Command, f *cmdutil.Factory, completions bool) *cobra.Command {
	if completions {
		registerRecordCompletions(cmd, f)
	}
	addHelpTopics(cmd)
	cmd.SetHelpCommand(helpCommand())
	cmd.AddCommand(version.NewCmdVersion(f.IOStreams, nil))
	cmd.AddCommand(completion.NewCmdCompletion(f.IOStreams))
	if completions {
		registerValueCompletions(cmd)
	}
	cmdutil.TypeUsageErrors(cmd)
	hideInapplicableFlags(cmd)
	return cmd
}

// applyEnv fills every global flag the user did not pass from
// INSURE_<FLAG>, so the precedence is flag > environment > profile > default.
func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Changed || err != nil {
			return
		}
		name := "INSURE_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			return
		}
		if e := fs.Set(fl.Name, v); e != nil {
			err = &failure.Error{Kind: failure.Usage, Message: name + ": " + e.Error()}
		}
	})
	if err == nil {
		// NO_COLOR counts when it is set and not empty (no-color.org).
		if os.Getenv("NO_COLOR") != "" && !fs.Changed("no-color") {
			_ = fs.Set("no-color", "true")
		}
	}
	return err
}
