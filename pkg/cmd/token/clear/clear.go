// Package clear implements `insure token clear`.
package clear

import (
	"context"
	"fmt"

	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmd/token/shared"
	"github.com/insurekit/insure/pkg/cmd/token/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/spf13/cobra"
)

// Options for `token clear`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx      context.Context
	IO       *iostreams.IOStreams
	Cache    func(provider string) (tokencache.Cache, string, error)
	Provider string
}

// NewCmdClear builds the command.
func NewCmdClear(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Cache: show.CacheFor(f)}
	cmd := &cobra.Command{
		Use:   "clear",
		Short: "Forget the cached token (the next command logs in afresh)",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if err := shared.ValidateProvider(f.Registry, opts.Provider); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	get.AddProviderFlag(cmd, f.Registry, &opts.Provider)
	return cmd
}

// Run clears the cache entry.
func Run(opts *Options) error {
	cache, profile, err := opts.Cache(opts.Provider)
	if err != nil {
		return err
	}
	if err := cache.Clear(opts.Ctx); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Cleared the cached %s token of profile %s\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.Provider, profile)
	return nil
}
