// Package issue implements `insure issue`: turn a quotation into a policy.
package issue

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	sunshared "github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/spf13/cobra"
)

// Options for `issue`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx context.Context
	// Hint builds the next-step commands printed after success.
	Hint       cmdutil.Hinter
	IO         *iostreams.IOStreams
	EbaoClient func() (*ebao.Client, *config.Profile, error)
	// SunshineClient and SunshineSessions are what a Sunshine purchase
	// sends with and where it keeps its sessions.
	SunshineClient   func() (*sunshine.Client, *config.Profile, error)
	SunshineSessions func() (purchase.SessionStore, error)
	Store            func() (*store.Store, error)
	Prompter         func() prompter.Prompter
	OutputOptions    func() (output.Options, error)
	Now              func() time.Time
	Yes              bool
	DryRun           bool

	Provider string
	File     string
	Sets     []string
	Quote    string
	// Sunshine holds the Sunshine-only flags.
	Sunshine SunshineOptions
}

// backends are the providers `issue` supports; see shared.ProviderFlag.
var backends = map[string]func(*Options) error{
	ebao.Provider:     runEbao,
	sunshine.Provider: runSunshine,
}

func newOptions(f *cmdutil.Factory) *Options {
	return &Options{IO: f.IOStreams, Store: f.Store, Prompter: f.Prompter, OutputOptions: f.OutputOptions, Now: f.Now,
		EbaoClient:       f.Ebao,
		SunshineClient:   f.Sunshine,
		SunshineSessions: func() (purchase.SessionStore, error) { return sunshared.Sessions(f) }}
}

// NewCmdIssue builds the command; NewCmdSunshineIssue builds its alias
// `insure sunshine issue`.
func NewCmdIssue(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f)
	bfl := &batchcmd.Flags{SettledByHand: true}
	cmd := &cobra.Command{
		Use:     "issue --provider ebao|sunshine [-f FILE|-] [--quote QUOTATION_NUMBER | --session ID] [--set ...]",
		Short:   "Issue a policy from a quotation",
		GroupID: "work",
		Long: `Turn a quotation into a policy. The body is the quotation's request with the
quotation number added: pass the same file you quoted with and --quote.
--quote fills in quotationNumber when the body has none (changing no other
byte, so the file's signature stays reproducible); a body that already
names another quotation is refused.

Issuing a policy commits the customer, so --yes is required when not on a
terminal; on a terminal you are asked. If the answer is lost (network
failure, bad response signature) the policy may exist anyway: the error
says so and names the quotation to ask about before issuing again.

Sunshine (--provider sunshine --session ID) buys a quoted session:
underwriting (120, with the Beijing verification code step where asked:
--verify-code in scripts), payment check (125) and issue (130), printing
the proposal and policy numbers. -f answers.yaml and --set KEY=VALUE
answer the platform's forms. insure sunshine issue is the same command
with the Sunshine flags only.`,
		Example: `  insure -p sandbox quote --provider ebao -f quote.json
  insure -p sandbox issue --provider ebao -f quote.json --quote QUOTE_NO --yes
  insure example ebao issue | insure -p sandbox issue --provider ebao -f - \
    --quote Q2611230000000001 --yes
  insure -p sandbox issue --provider sunshine --session SESSION_ID \
    -f answers-issue.yaml --check-pay-no CHECK_NO --yes`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			if err := shared.CheckProvider(cmd, opts.Provider, shared.ProviderNames(backends)); err != nil {
				return err
			}
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				if opts.Provider != ebao.Provider || opts.File != "" || opts.Quote != "" {
					return cmdutil.FlagErrorf("--batch works with --provider ebao, without -f or --quote (each line is an issuance body with its quotationNumber)")
				}
				opts.Yes, opts.DryRun = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			if opts.File == "" && opts.Provider == ebao.Provider {
				return &failure.Error{Kind: failure.Usage, Message: "-f FILE (or -f - for stdin) is required",
					Hint: "issue with the file you quoted with: insure issue --provider " + opts.Provider + " -f quote.json --quote QUOTATION_NUMBER"}
			}
			opts.Yes, opts.DryRun = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Provider, "provider", "", "Provider to issue with: ebao or sunshine")
	fl.StringVarP(&opts.File, "file", "f", "", "Request body file, or - for stdin")
	fl.StringVar(&opts.Quote, "quote", "", "Quotation number to issue (filled in when the body has none)")
	fl.StringArrayVar(&opts.Sets, "set", nil, "Change one member of the body: PATH=VALUE (repeatable)")
	bfl.Add(cmd)
	addSunshine(cmd, opts)
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(shared.ProviderNames(backends), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Run issues with the selected provider.
func Run(opts *Options) error {
	run, ok := backends[opts.Provider]
	if !ok {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("issue does not support provider %q (valid: %s)", opts.Provider, strings.Join(shared.ProviderNames(backends), ", "))}
	}
	return run(opts)
}
