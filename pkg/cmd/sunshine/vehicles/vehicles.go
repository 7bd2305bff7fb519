// Package vehicles implements `insure sunshine vehicles`: the platform's
// vehicle model search, for the hidden vehicleId of the vehicle form.
package vehicles

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// Options for `sunshine vehicles`.
type Options struct {
	IO            *iostreams.IOStreams
	Client        func() (*sunshine.Client, *config.Profile, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context // the command's: SIGINT and SIGTERM cancel it

	Query    string
	VIN      string
	Page     int
	PageSize int
}

// NewCmdVehicles builds the command.
func NewCmdVehicles(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Client: f.Sunshine, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "vehicles (--query TEXT | --vin VIN) [--page N] [--page-size N]",
		Short: "Search Sunshine's vehicle models (the vehicleId of the vehicle form)",
		Long: `Search the platform's vehicle catalogue by brand or model (--query) or by
VIN (--vin). Each model's id is the vehicleId the vehicle form needs, its
name the vehicleModelName: pass them to quote with --set. A terminal
quote offers this search itself.`,
		Example: `  insure -p sandbox sunshine vehicles --query Bora
  insure sunshine vehicles --vin LSVAM4187C2184321 -o json --jq '.models[0].id'
  insure sunshine quote ... --set vehicleId=$(insure sunshine vehicles \
    --query 伊兰特 --jq '.models[0].id')`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Query, "query", "q", "", "Brand or model keyword, e.g. Bora or 伊兰特")
	cmd.Flags().StringVar(&opts.VIN, "vin", "", "Search by the 17-character VIN (frame number) instead")
	cmd.Flags().IntVar(&opts.Page, "page", 1, "Page of results, from 1")
	cmd.Flags().IntVar(&opts.PageSize, "page-size", 20, "Results per page (1-50)")
	return cmd
}

// Result is what the command prints.
type Result struct {
	Query  string                  `json:"query"`
	Page   int                     `json:"page"`
	Total  int                     `json:"total"`
	Models []sunshine.VehicleModel `json:"models"`
}

// Run searches.
func Run(opts *Options) error {
	ctx := opts.Ctx
	var bad []failure.FieldError
	q, byVIN := strings.TrimSpace(opts.Query), false
	switch {
	case q != "" && opts.VIN != "":
		bad = append(bad, failure.FieldError{Field: "--query", Rule: "give --query or --vin, not both"})
	case opts.VIN != "":
		q, byVIN = strings.ToUpper(strings.TrimSpace(opts.VIN)), true
		if fe := validate.VIN(q); fe != nil {
			bad = append(bad, failure.FieldError{Field: "--vin", Rule: fe.Rule, Example: "--vin LSVAM4187C2184321"})
		}
	case q == "":
		bad = append(bad, failure.FieldError{Field: "--query", Rule: "a brand or model keyword (or --vin) is required", Example: "--query Bora"})
	}
	if opts.Page < 1 {
		bad = append(bad, failure.FieldError{Field: "--page", Rule: "from 1"})
	}
	if opts.PageSize < 1 || opts.PageSize > 50 {
		bad = append(bad, failure.FieldError{Field: "--page-size", Rule: "1 to 50"})
	}
	if len(bad) > 0 {
		return failure.Invalid(sunshine.Provider, "lookup.vehicles", bad...)
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, _, err := opts.Client()
	if err != nil {
		return err
	}
	res, err := c.VehicleModels(ctx, sunshine.ModelQuery{Query: q, ByVIN: byVIN, Page: opts.Page, PageSize: opts.PageSize})
	if err != nil {
		return err
	}
	r := Result{Query: q, Page: res.Page, Total: res.Total, Models: res.Models}
	if r.Models == nil {
		r.Models = []sunshine.VehicleModel{}
	}
	tty := opts.IO.IsStdoutTTY()
	more := false
	err = output.Print(opts.IO.Out, oo, output.Result{Data: r, XMLRoot: "vehicles", Table: func(w io.Writer) error {
		t := output.NewTable(tty, "vehicleId", "seats", "model")
		for _, m := range r.Models {
			seats := ""
			if m.Seats > 0 {
				seats = strconv.Itoa(m.Seats)
			}
			t.Row(m.ID, seats, m.Name)
		}
		if t.Len() == 0 {
			_, err := fmt.Fprintf(w, "no model matches %q\n", q)
			return err
		}
		more = tty && r.Total > (r.Page-1)*opts.PageSize+len(r.Models)
		return t.Render(w)
	}})
	if err == nil && more {
		// After the table: the printer writes it only once drawn.
		fmt.Fprintf(opts.IO.ErrOut, "page %d, %d models in all: --page %d for more\n", r.Page, r.Total, r.Page+1)
	}
	return err
}
