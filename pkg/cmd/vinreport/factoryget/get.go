// Package factoryget implements `insure vin-report factories get ID`.
package factoryget

import (
	"context"
	"io"
	"strconv"

	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `factories get`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*paoding.Client, string, error)
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	ID            int
}

// NewCmdGet builds the command.
func NewCmdGet(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions,
		Client: func() (*paoding.Client, string, error) {
			c, p, err := f.Paoding()
			if err != nil {
				return nil, "", err
			}
			return c, p.Name, nil
		}}
	return &cobra.Command{
		Use:   "get ID",
		Short: "Show one brand factory (and refresh it in the cache)",
		Args:  cmdutil.ExactArgs(1),
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp // one id only
			}
			return shared.CompleteFactoryIDs(c.Context(), f), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			id, err := strconv.Atoi(args[0])
			if err != nil || id <= 0 {
				return cmdutil.FlagErrorf("ID must be a brand factory id such as 20 (got %q); list them with `insure vin-report factories`", args[0])
			}
			opts.ID = id
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run fetches the factory.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, profile, err := opts.Client()
	if err != nil {
		return err
	}
	bf, raw, err := c.BrandFactory(ctx, opts.ID)
	if err != nil {
		return err
	}
	if st, err := opts.Store(); err == nil {
		if cat, err := shared.LoadCatalogue(ctx, st, profile); err == nil {
			cat.Keep(*bf)
			_ = cat.Save(ctx, st, profile)
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: bf, Raw: raw, XMLRoot: "brandFactory", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("id", strconv.Itoa(int(bf.BrandFactoryID)))
		kv.Add("factory", bf.BrandFactoryName.String())
		kv.Add("brand", bf.BrandName.String()+" ("+strconv.Itoa(int(bf.BrandID))+")")
		kv.Add("price", bf.Price.String()+" yuan")
		kv.Add("engine number", map[bool]string{true: "required", false: "not needed"}[bool(bf.NeedEngineNum)])
		kv.Add("usable", map[bool]string{true: "yes", false: "no"}[bool(bf.Usable)])
		kv.Add("modified", output.ProviderTime(bf.LastModifyTime))
		if bf.Remark != "" {
			kv.Add("remark", bf.Remark.String())
		}
		return kv.Render(w)
	}})
}
