// Package quote implements the Sunshine quote: `insure sunshine quote`,
// and `insure quote --provider sunshine` through AddQuoteFlags and
// RunQuote.
package quote

import (
	"context"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// QuoteOptions for a Sunshine quote.
type QuoteOptions struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*sunshine.Client, *config.Profile, error)
	Store         func() (*store.Store, error)
	Prompter      func() prompter.Prompter
	OutputOptions func() (output.Options, error)
	Now           func() time.Time

	// File and Sets are the common -f and --set of `insure quote`: answers
	// to the platform's forms (KEY=VALUE or GROUP.KEY=VALUE).
	File string
	Sets []string

	Session string // continue this session (110/115) instead of starting one
	Plate   string
	City    string
	Owner   string
	Mobile  string
	NewCar  bool
	Package string // basic, luxury, optional
}

// NewQuoteOptions fills the dependencies from the Factory.
func NewQuoteOptions(f *cmdutil.Factory) *QuoteOptions {
	return &QuoteOptions{IO: f.IOStreams, Store: f.Store, Prompter: f.Prompter, OutputOptions: f.OutputOptions, Now: f.Now,
		Client: f.Sunshine}
}

// AddQuoteFlags adds the Sunshine-only flags of a quote command and
// returns their names (for marking them provider flags). -f and --set are
// not added: `insure quote` has them for every provider.
func AddQuoteFlags(cmd *cobra.Command, opts *QuoteOptions) []string {
	fl := cmd.Flags()
	fl.StringVar(&opts.Session, "session", "", "Continue session `ID`: change coverages (110) and save the premium (115)")
	fl.StringVar(&opts.Plate, "plate", "", "Licence plate, e.g. 冀A00021")
	fl.StringVar(&opts.City, "city", "", "Sunshine city code (8 digits), e.g. 07518800")
	fl.StringVar(&opts.Owner, "owner", "", "Vehicle owner's name")
	fl.StringVar(&opts.Mobile, "mobile", "", "Vehicle owner's mobile number")
	fl.BoolVar(&opts.NewCar, "new-car", false, "The vehicle has no plate yet")
	fl.StringVar(&opts.Package, "package", "", "Package to price: basic, luxury (default) or optional")
	_ = cmd.RegisterFlagCompletionFunc("package", cobra.FixedCompletions([]string{"basic", "luxury", "optional"}, cobra.ShellCompDirectiveNoFileComp))
	return []string{"session", "plate", "city", "owner", "mobile", "new-car", "package"}
}

// Long is the help text shared by `insure sunshine quote` and the
// Sunshine part of `insure quote`.
const Long = `Start a Sunshine purchase and price it, or change the coverages of one.

A new quote (--plate, --city, --owner, --mobile, or --new-car) runs 095
(vehicle lookup: does the platform need the VIN and engine number?), 100
(basic information: a new session) and 105 (quote). Every form the
platform sends back is answered: on a terminal each control is asked
(text, select with its options, radio, checkbox, date; labels are shown,
hidden values kept); in a script the answers come from --set KEY=VALUE
(GROUP.KEY=VALUE to name the form group) or -f answers.yaml, and an
answer still needed is exit 2 listing every key with its label and
options. The session is kept in the local store, so the next step can be
its own command.

With --session ID: --package optional and --set cov_*=VALUE re-price a
free combination (110); then the premium is saved (115) and gifts listed.
--package basic|luxury re-prices a fixed package (105) first.

Premiums are printed in yuan; -o json carries fen and yuan, -o xml the
platform's last answer in UTF-8, -o raw its GBK bytes.`

// Example is shared like Long.
const Example = `  insure -p sandbox sunshine quote --plate 冀A00021 --city 07518800 --owner 张三 --mobile 13800000000 \
      -f examples/sunshine/answers-quote.yaml
  insure -p sandbox sunshine quote --session SESSION --package optional --set cov_600=500000 --set cov_500=0
  insure -p sandbox sunshine quote --new-car --city 07518800 --owner 张三 --mobile 13800000000 --set vehicleFrameNo=...`

// NewCmdQuote builds `insure sunshine quote`.
func NewCmdQuote(f *cmdutil.Factory, runF func(*QuoteOptions) error) *cobra.Command {
	opts := NewQuoteOptions(f)
	cmd := &cobra.Command{
		Use:     "quote (--plate PLATE | --new-car) --city CODE --owner NAME --mobile NO | --session ID",
		Short:   "Price a Sunshine motor policy (095, 100, 105; 110, 115)",
		Long:    Long,
		Example: Example,
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return RunQuote(opts)
		},
	}
	AddQuoteFlags(cmd, opts)
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "Answers file (YAML or JSON: KEY: VALUE, or GROUP: {KEY: VALUE}), - for stdin")
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "Answer a form control: KEY=VALUE or GROUP.KEY=VALUE (repeatable)")
	return cmd
}
