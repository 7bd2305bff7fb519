// Package get implements `insure token get`.
package get

import (
	"context"
	"time"

	"github.com/insurekit/insure/pkg/cmd/token/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
)

// Options for `token get` and `token refresh`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Source        func(provider string) (*shared.Source, error)
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	ShowSecrets   bool
	Provider      string
	// Refresh extends the current token instead of logging in afresh.
	Refresh bool
}

// NewOptions fills Options from the Factory.
func NewOptions(f *cmdutil.Factory) *Options {
	return &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions, Now: f.Now,
		Source: func(p string) (*shared.Source, error) { return shared.SourceFor(f, p) }}
}

// NewCmdGet builds the command.
func NewCmdGet(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := NewOptions(f)
	cmd := &cobra.Command{
		Use:   "get",
		Short: "Log in afresh and cache the new token",
		Example: `  insure -p sandbox token get
  insure -p sandbox token get --provider bihu
  insure token get --provider paoding -o json --jq .expires_at`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.ShowSecrets = f.Globals.ShowSecrets
			if err := ResolveProvider(f.Registry, &opts.Provider); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	AddProviderFlag(cmd, f.Registry, &opts.Provider)
	return cmd
}

// AddProviderFlag adds --provider with completion.
func AddProviderFlag(cmd *cobra.Command, reg *registry.Registry, p *string) {
	def := ""
	if names := shared.Providers(reg); len(names) > 0 {
		def = names[0]
	}
	cmd.Flags().StringVar(p, "provider", def, shared.ProviderHelp(reg))
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(shared.Providers(reg), cobra.ShellCompDirectiveNoFileComp))
}

// ResolveProvider checks --provider and rewrites it to the registry's
// spelling. The registry matches names without case, but the store keys
// cached tokens by the registry name: `--provider PAODING` must find and
// clear the token that `--provider paoding` cached.
func ResolveProvider(reg *registry.Registry, p *string) error {
	if err := shared.ValidateProvider(reg, *p); err != nil {
		return err
	}
	d, _ := reg.Lookup(*p)
	*p = d.Name
	return nil
}

// Run logs in (or refreshes) and shows the token, masked.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	src, err := opts.Source(opts.Provider)
	if err != nil {
		return err
	}
	obtain := src.Get
	if opts.Refresh {
		obtain = src.Refresh
	}
	t, err := obtain(opts.Ctx)
	if err != nil {
		return err
	}
	return shared.Print(opts.IO, oo, shared.NewView(src.Provider, src.Profile, t, opts.Now(), opts.ShowSecrets))
}
