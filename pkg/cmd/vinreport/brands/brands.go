// Package brands implements `insure vin-report brands`.
package brands

import (
	"context"
	"io"
	"strconv"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report brands`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*paoding.Client, error)
	OutputOptions func() (output.Options, error)
}

// NewCmdBrands builds the command.
func NewCmdBrands(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions, Client: func() (*paoding.Client, error) {
		c, _, err := f.Paoding()
		return c, err
	}}
	return &cobra.Command{
		Use:   "brands",
		Short: "List the brands Paoding covers",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run lists brands.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, err := opts.Client()
	if err != nil {
		return err
	}
	brands, raw, err := c.Brands(opts.Ctx)
	if err != nil {
		return err
	}
	if brands == nil {
		brands = []paoding.Brand{}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: brands, Raw: raw, XMLRoot: "brands", Table: func(w io.Writer) error {
		t := output.NewTable(opts.IO.IsStdoutTTY(), "id", "brand", "modified", "remark").Flexible("remark")
		for _, b := range brands {
			t.Row(strconv.Itoa(int(b.BrandID)), b.BrandName.String(), output.ProviderTime(b.LastModifyTime), b.Remark.String())
		}
		return t.Render(w)
	}})
}
