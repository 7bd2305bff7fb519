package quote

import (
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// SunshineOptions are the Sunshine-only flags of a quote. -f and --set
// are the command's own: for Sunshine they carry answers to the platform's
// forms (KEY=VALUE, GROUP.KEY=VALUE or GROUP[N].KEY=VALUE).
type SunshineOptions struct {
	Session string // continue this session (110/115) instead of starting one
	Plate   string
	City    string
	Owner   string
	Mobile  string
	NewCar  bool
	Package string // basic, luxury, optional
}

// addSunshineFlags adds the Sunshine-only flags and returns their names
// (for marking them provider flags).
func addSunshineFlags(cmd *cobra.Command, opts *SunshineOptions) []string {
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

// addSunshine gives `insure quote` the Sunshine flags, marked so no other
// provider accepts them.
func addSunshine(cmd *cobra.Command, opts *Options) {
	shared.ProviderFlag(cmd, sunshine.Provider, addSunshineFlags(cmd, &opts.Sunshine)...)
}

// SunshineLong is the help text of `insure sunshine quote`, the alias of
// `insure quote --provider sunshine`.
const SunshineLong = `Start a Sunshine purchase and price it, or change the coverages of one.

A new quote (--plate, --city, --owner, --mobile, or --new-car; on a
terminal the ones left out are asked, an empty plate meaning a new car)
runs 095 (vehicle lookup: does the platform need the VIN and engine
number?), 100
(basic information: a new session) and 105 (quote). Every form the
platform sends back is answered: on a terminal each control is asked
(text, select with its options, radio, checkbox, date; labels are shown,
hidden values kept); in a script the answers come from --set KEY=VALUE
(GROUP.KEY=VALUE to name the form group; GROUP[N].KEY=VALUE, counting
from 0, when a form repeats a group, one per named driver say) or -f
answers.yaml, and an answer still needed is exit 2 listing every key
with its label and options. The session is kept in the local store, so
the next step can be its own command.

With --session ID: --package optional and --set cov_*=VALUE re-price a
free combination (110); then the premium is saved (115) and gifts listed.
--package basic|luxury re-prices a fixed package (105) first.

Premiums are printed in yuan; -o json carries fen and yuan, -o xml the
platform's last answer in UTF-8, -o raw its GBK bytes (on a terminal both
show it as readable text, without control characters).

This is insure quote --provider sunshine: the same command and flags.`

// SunshineExample is shared like SunshineLong.
const SunshineExample = `  insure -p sandbox sunshine quote --plate 冀A00021 --city 07518800 \
    --owner 张三 --mobile 13800000000 \
    -f examples/sunshine/answers-quote.yaml
  insure -p sandbox sunshine quote --session SESSION --package optional \
    --set cov_600=500000 --set cov_500=0
  insure -p sandbox sunshine quote --new-car --city 07518800 --owner 张三 \
    --mobile 13800000000 --set vehicleFrameNo=...`

// NewCmdSunshineQuote builds `insure sunshine quote`: `insure quote
// --provider sunshine` under the Sunshine group, with the same Options and
// the same Run, and -f/--set described as answers.
func NewCmdSunshineQuote(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f)
	opts.Provider = sunshine.Provider
	cmd := &cobra.Command{
		Use:     "quote (--plate PLATE | --new-car) --city CODE --owner NAME --mobile NO | --session ID",
		Short:   "Price a Sunshine motor policy (095, 100, 105; 110, 115)",
		Long:    SunshineLong,
		Example: SunshineExample,
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			opts.DryRun = f.Globals.DryRun || f.Globals.Curl
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	addSunshineFlags(cmd, &opts.Sunshine)
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "Answers file (YAML or JSON: KEY: VALUE, GROUP: {KEY: VALUE}, or GROUP: [{KEY: VALUE}, ...] for repeated groups), - for stdin")
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "Answer a form control: KEY=VALUE, GROUP.KEY=VALUE or GROUP[N].KEY=VALUE (repeatable)")
	return cmd
}
