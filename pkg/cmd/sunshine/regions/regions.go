// Package regions implements `insure sunshine regions`: the delivery
// address cascade (province, city, district) and the car registration
// places, whose codes answer the underwriting form.
package regions

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

// Options for `sunshine regions`.
type Options struct {
	IO            *iostreams.IOStreams
	Client        func() (*sunshine.Client, *config.Profile, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context // the command's: SIGINT and SIGTERM cancel it

	Parent       string // "" the provinces
	Registration bool   // the car registration places instead
}

// NewCmdRegions builds the command.
func NewCmdRegions(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Client: f.Sunshine, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "regions [--parent CODE] [--registration]",
		Short: "List Sunshine region codes: delivery address and car registration place",
		Long: `List the codes the underwriting form (120) and the delivery change (135)
take. Without --parent: the provinces; with a province code its cities,
with a city code its districts, for addresseeProvince, addresseeCity and
addresseeTown. --registration lists the car registration places instead
(carPlace): the provinces, then with --parent a province's cities.`,
		Example: `  insure -p sandbox sunshine regions
  insure sunshine regions --parent 44
  insure sunshine regions --parent 4401
  insure sunshine regions --registration --parent 44`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Parent, "parent", "", "List what lies under this province or city `CODE`")
	cmd.Flags().BoolVar(&opts.Registration, "registration", false, "Car registration places (carPlace) instead of delivery regions")
	return cmd
}

// Run lists the regions.
func Run(opts *Options) error {
	ctx := opts.Ctx
	if fe := checkParent(opts.Parent, opts.Registration); fe != nil {
		// An unknown shape would only come back as an empty list.
		return failure.Invalid(sunshine.Provider, "lookup.regions", *fe)
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, _, err := opts.Client()
	if err != nil {
		return err
	}
	var list []sunshine.Region
	if opts.Registration {
		list, err = c.RegistrationPlaces(ctx, opts.Parent)
	} else {
		list, err = c.Regions(ctx, opts.Parent)
	}
	if err != nil {
		return err
	}
	if list == nil {
		list = []sunshine.Region{}
	}
	tty := opts.IO.IsStdoutTTY()
	return output.Print(opts.IO.Out, oo, output.Result{Data: list, XMLRoot: "regions", Table: func(w io.Writer) error {
		t := output.NewTable(tty, "code", "name")
		for _, r := range list {
			t.Row(r.Code, r.Name)
		}
		if t.Len() == 0 {
			_, err := io.WriteString(w, "nothing under "+opts.Parent+"\n")
			return err
		}
		return t.Render(w)
	}})
}

// checkParent checks --parent's shape: the delivery cascade takes a
// 2-digit province or a 4-digit city code (as regions lists them), the
// registration places only a province's 2 digits.
func checkParent(p string, registration bool) *failure.FieldError {
	if p == "" || (p == "0" && !registration) {
		return nil // the provinces, as the manual asks for them
	}
	digits := strings.Trim(p, "0123456789") == ""
	switch {
	case registration && (!digits || len(p) != 2):
		return &failure.FieldError{Field: "--parent", Rule: fmt.Sprintf("with --registration, a 2-digit province code from insure sunshine regions --registration (got %q); registration places have only two levels", p), Example: "--registration --parent 44"}
	case !registration && (!digits || (len(p) != 2 && len(p) != 4)):
		return &failure.FieldError{Field: "--parent", Rule: fmt.Sprintf("a 2-digit province or 4-digit city code from insure sunshine regions (got %q)", p), Example: "--parent 44 or --parent 4401"}
	}
	return nil
}
