// Package quote implements `insure quote`: price a policy without buying it.
package quote

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

// Options for `quote`.
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
	Settings         func() (*config.Profile, error)
	Store            func() (*store.Store, error)
	Prompter         func() prompter.Prompter
	OutputOptions    func() (output.Options, error)
	Now              func() time.Time
	DryRun           bool

	Provider string
	File     string
	Sets     []string
	// Decoded is the -f body already decoded, when --batch read it as a
	// JSON line (eBao validates it instead of decoding the body again).
	Decoded map[string]any
	// Sunshine holds the Sunshine-only flags.
	Sunshine SunshineOptions
}

// backends are the providers `quote` supports. Each reads the Options it
// needs; a provider with its own flags marks them with shared.ProviderFlag.
var backends = map[string]func(*Options) error{
	ebao.Provider:     runEbao,
	sunshine.Provider: runSunshine,
}

func newOptions(f *cmdutil.Factory) *Options {
	return &Options{IO: f.IOStreams, Settings: f.Settings, Store: f.Store, Prompter: f.Prompter,
		OutputOptions: f.OutputOptions, Now: f.Now,
		EbaoClient:       f.Ebao,
		SunshineClient:   f.Sunshine,
		SunshineSessions: func() (purchase.SessionStore, error) { return sunshared.Sessions(f) }}
}

// NewCmdQuote builds the command; NewCmdSunshineQuote builds its alias
// `insure sunshine quote`.
func NewCmdQuote(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f)
	bfl := &batchcmd.Flags{}
	cmd := &cobra.Command{
		Use:     "quote --provider ebao|sunshine [-f FILE|-] [--set ...]",
		Short:   "Price a policy: get a quotation number and its premium",
		GroupID: "work",
		Long: `Send a quotation request and print the quotation number with its premium.
A quotation buys nothing; pass its number to insure issue to turn it into
a policy.

The request comes from -f FILE (or -f - for stdin) and is sent byte for
byte as read, because the signature covers those exact bytes. --set
PATH=VALUE changes one member first (dotted path, array indexes as numbers:
policyInsuredPeople.0.ISP011=13800138000); the body is then re-serialised
once and those bytes are signed and sent. A value is JSON when it parses
(10, true, {"a":1}), otherwise text; a member that holds text keeps text.

On a terminal without -f, a form asks for the product, dates, holder,
insured person and coverages, with defaults from the profile, and offers to
save the request it built. Each answer is checked as it is typed, by the
rules a file is checked with (a refused answer stays, with the rule and an
example); answers that disagree with each other are listed at the end and
the form is asked again with every answer kept.

Every field is checked before anything is sent; all bad fields are listed
at once (exit 2). An answer whose signature does not verify is exit 6 and
is not printed (-o raw shows it, with a warning).

Sunshine (--provider sunshine) quotes a vehicle step by step on the
platform: --plate, --city, --owner, --mobile (or --new-car; on a
terminal those left out are asked) start a session and price it;
--session ID with --package or coverage answers changes it. The
platform asks for more through forms: on a terminal each control is a
prompt; in a script -f answers.yaml and --set KEY=VALUE answer
them, and a missing answer is exit 2 listing every key with its label and
options. insure sunshine quote is the same command with the Sunshine
flags only. See docs/providers/sunshine.md.`,
		Example: `  insure example ebao quote > quote.json
  insure -p sandbox quote --provider ebao -f quote.json
  insure -p sandbox quote --provider ebao -f quote.json \
    --set policyHolder.PH013=15710023568
  insure -p sandbox quote --provider ebao -f quote.json -o json \
    --jq .quotationNumber
  insure -p sandbox quote --provider sunshine --plate 冀A00021 --city 07518800 \
    --owner 张三 --mobile 13800000000 -f answers-quote.yaml`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			if err := shared.CheckProvider(cmd, opts.Provider, shared.ProviderNames(backends)); err != nil {
				return err
			}
			opts.DryRun = f.Globals.DryRun || f.Globals.Curl
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				if opts.Provider != ebao.Provider {
					return cmdutil.FlagErrorf("--batch works with --provider ebao only (each line is a quotation body)")
				}
				if opts.File != "" {
					// Quoting many plates from one request file is the
					// usual wish behind -f with --batch: say how.
					return &failure.Error{Kind: failure.Usage, Message: "-f cannot be given with --batch: each line of the batch is a whole quotation body",
						Hint: "to quote many vehicles from one request file, make the lines with jq, one plate a line: " +
							"jq -R -c --slurpfile q " + cmdutil.ShellQuote(opts.File) + " '. as $p | $q[0] | .insuredObjects[0].factor_table.P041 = $p' plates.txt > quotes.jsonl"}
				}
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Provider, "provider", "", "Provider to quote with: ebao or sunshine")
	fl.StringVarP(&opts.File, "file", "f", "", "Request body file, or - for stdin (default on a terminal: ask)")
	fl.StringArrayVar(&opts.Sets, "set", nil, "Change one member of the body: PATH=VALUE (repeatable)")
	bfl.Add(cmd)
	addSunshine(cmd, opts)
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(shared.ProviderNames(backends), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Run quotes with the selected provider.
func Run(opts *Options) error {
	run, ok := backends[opts.Provider]
	if !ok {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("quote does not support provider %q (valid: %s)", opts.Provider, strings.Join(shared.ProviderNames(backends), ", "))}
	}
	return run(opts)
}
