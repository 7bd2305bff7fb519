// Package cancel implements `insure cancel`: surrender a policy.
package cancel

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/spf13/cobra"
)

// Options for `cancel`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	EbaoClient    func() (*ebao.Client, *config.Profile, error)
	Store         func() (*store.Store, error)
	Prompter      func() prompter.Prompter
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	Yes           bool
	DryRun        bool
	// Hint writes the commands hints name with this run's -p and --config.
	Hint cmdutil.Hinter

	Provider     string
	PolicyNumber string
	// eBao's options.
	Type    string
	Date    string
	Channel string

	batchLine bool // a --batch line: its columns override the flags
}

// backends are the providers `cancel` supports; see shared.ProviderFlag.
var backends = map[string]func(*Options) error{
	ebao.Provider: runEbao,
}

// NewCmdCancel builds the command.
func NewCmdCancel(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, Prompter: f.Prompter, OutputOptions: f.OutputOptions, Now: f.Now,
		EbaoClient: f.Ebao}
	bfl := &batchcmd.Flags{SettledByHand: true}
	cmd := &cobra.Command{
		Use:     "cancel --provider ebao POLICY_NUMBER [--type TYPE] [--date DATE] [--channel CODE]",
		Short:   "Cancel (surrender) a policy",
		GroupID: "work",
		Long: `Cancel a policy and print the endorsement number of the cancellation.

--type says who applied: APLY_BY_POLICY_HOLDER (the default), APLY_BY_INSURER
or APLY_BY_UNDERWRITER. --date is the application date, YYYY-MM-DD or a
full ISO 8601 date-time (default: now). The channel code comes from the
profile unless --channel is given.

Cancelling cannot be undone, so --yes is required when not on a terminal;
on a terminal you are asked. If the answer is lost the policy may be
cancelled anyway: the error says so, and cancelling the same policy again
settles it (eBao refuses a policy already cancelled, saying it is
cancelled: exit 4, and the journal settles the lost one). With --batch
--resume such a line is reported, not sent again, with the command that
settles it.`,
		Example: `  insure -p sandbox cancel --provider ebao P2611230000000001 --yes
  insure cancel --provider ebao P2611230000000001 --type APLY_BY_INSURER \
    --date 2027-02-01`,
		Args: batchcmd.Args(1, bfl),
		// Policies issued from this machine, from the local index.
		ValidArgsFunction: cmdutil.FirstArgOnly(cmdutil.CompleteRecords(f, ebao.Provider, "policy")),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			if err := shared.CheckProvider(cmd, opts.Provider, shared.ProviderNames(backends)); err != nil {
				return err
			}
			opts.Yes, opts.DryRun = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			opts.PolicyNumber = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Provider, "provider", "", "Provider of the policy: ebao")
	fl.StringVar(&opts.Type, "type", ebao.ApplyByPolicyHolder, "Who applies: "+ebao.ApplyByPolicyHolder+", "+ebao.ApplyByInsurer+" or "+ebao.ApplyByUnderwriter)
	fl.StringVar(&opts.Date, "date", "", "Application date, YYYY-MM-DD or ISO 8601 (default: now)")
	bfl.Add(cmd)
	fl.StringVar(&opts.Channel, "channel", "", "Channel code (default: the profile's ebao.channel-code)")
	shared.ProviderFlag(cmd, ebao.Provider, "type", "date", "channel")
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(shared.ProviderNames(backends), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{ebao.ApplyByPolicyHolder, ebao.ApplyByInsurer, ebao.ApplyByUnderwriter}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Run cancels with the selected provider.
func Run(opts *Options) error {
	run, ok := backends[opts.Provider]
	if !ok {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("cancel does not support provider %q (valid: %s)", opts.Provider, strings.Join(shared.ProviderNames(backends), ", "))}
	}
	return run(opts)
}
