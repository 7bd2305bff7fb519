// Package cities implements `insure sunshine cities`: the platform's city
// code look-up, for the --city (cityCode) of a quote.
package cities

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// Options for `sunshine cities`.
type Options struct {
	IO            *iostreams.IOStreams
	Client        func() (*sunshine.Client, *config.Profile, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context // the command's: SIGINT and SIGTERM cancel it

	Query     string // keyword (hotSign 0)
	Hot       bool   // hotSign 1
	Provinces bool   // hotSign 2
	Under     string // hotSign 3
	City      string // hotSign 4
	County    string // hotSign 4
}

// NewCmdCities builds the command.
func NewCmdCities(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Client: f.Sunshine, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "cities [--query TEXT | --hot | --provinces | --under CODE | --city NAME [--county NAME]]",
		Short: "Look up Sunshine city codes (the --city of a quote)",
		Long: `Look up the platform's branch codes: the 8-digit cityCode a quote needs
(--city). Search by keyword (pinyin, initials or characters), list the
popular cities (--hot, the default), the provinces (--provinces), the
branches under a province or city code (--under), or find a city and
county by name (--city 邯郸 --county 大名).`,
		Example: `  insure -p sandbox sunshine cities
  insure sunshine cities --query sjz
  insure sunshine cities --provinces
  insure sunshine cities --under 07000000
  insure sunshine cities --city 邯郸 --county 大名 -o json --jq '.[0].code'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && !cmd.Flags().Changed("query") {
				// A city typed as an argument (sunshine cities 北京) is a
				// search: say which flag takes it.
				return failure.Invalid(sunshine.Provider, "lookup.cities", failure.FieldError{Field: args[0],
					Rule: "cities takes no arguments: a keyword to search for goes to --query", Example: "--query " + cmdutil.ShellQuote(args[0])})
			}
			return cmdutil.NoArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Query, "query", "q", "", "Keyword: pinyin, initials or characters")
	fl.BoolVar(&opts.Hot, "hot", false, "The popular cities (the default)")
	fl.BoolVar(&opts.Provinces, "provinces", false, "The provincial branches")
	fl.StringVar(&opts.Under, "under", "", "The branches under this province or city `CODE`")
	fl.StringVar(&opts.City, "city", "", "A city `NAME` (without 市)")
	fl.StringVar(&opts.County, "county", "", "With --city: a county or district `NAME` (without 县/区)")
	return cmd
}

// Run looks the cities up.
func Run(opts *Options) error {
	ctx := opts.Ctx
	q, n := sunshine.CityQuery{Kind: sunshine.CitiesHot}, 0
	if opts.Query != "" {
		q, n = sunshine.CityQuery{Kind: sunshine.CitiesByKeyword, Query: opts.Query}, n+1
	}
	if opts.Hot {
		q, n = sunshine.CityQuery{Kind: sunshine.CitiesHot}, n+1
	}
	if opts.Provinces {
		q, n = sunshine.CityQuery{Kind: sunshine.CitiesProvinces}, n+1
	}
	if opts.Under != "" {
		q, n = sunshine.CityQuery{Kind: sunshine.CitiesUnder, Query: opts.Under}, n+1
	}
	if opts.City != "" {
		q, n = sunshine.CityQuery{Kind: sunshine.CitiesByCityName, Query: opts.City, County: opts.County}, n+1
	}
	switch {
	case n > 1:
		return failure.Invalid(sunshine.Provider, "lookup.cities", failure.FieldError{Field: "--query", Rule: "give one of --query, --hot, --provinces, --under, --city"})
	case opts.Under != "" && (len(opts.Under) != 8 || strings.Trim(opts.Under, "0123456789") != ""):
		// Any other shape would only come back as an empty list.
		return failure.Invalid(sunshine.Provider, "lookup.cities", failure.FieldError{Field: "--under",
			Rule: fmt.Sprintf("an 8-digit province or city code from insure sunshine cities --provinces (got %q)", opts.Under), Example: "--under 07000000"})
	case opts.County != "" && opts.City == "":
		return failure.Invalid(sunshine.Provider, "lookup.cities", failure.FieldError{Field: "--county", Rule: "needs --city", Example: "--city 邯郸 --county 大名"})
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, _, err := opts.Client()
	if err != nil {
		return err
	}
	list, err := c.Cities(ctx, q)
	if err != nil {
		return err
	}
	tty := opts.IO.IsStdoutTTY()
	return output.Print(opts.IO.Out, oo, output.Result{Data: list, XMLRoot: "cities", Table: func(w io.Writer) error {
		t := output.NewTable(tty, "cityCode", "name", "plate", "pinyin")
		for _, c := range list {
			t.Row(c.Code, c.Name, c.CityPlate, c.Spelling)
		}
		if t.Len() == 0 {
			_, err := io.WriteString(w, "no city found\n")
			return err
		}
		return t.Render(w)
	}})
}
