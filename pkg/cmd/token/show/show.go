// Package show implements `insure token show`.
package show

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmd/token/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/spf13/cobra"
)

// Options for `token show`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Cache         func(provider string) (tokencache.Cache, string, error)
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	ShowSecrets   bool
	Provider      string
}

// CacheFor opens the store's token cache for the selected profile without
// starting a sandbox or touching the network.
func CacheFor(f *cmdutil.Factory) func(string) (tokencache.Cache, string, error) {
	return func(provider string) (tokencache.Cache, string, error) {
		name, err := cmdutil.ProfileName(f)
		if err != nil {
			return nil, "", err
		}
		// Profile names are case-insensitive and tokens are cached under
		// the lower-case name (-p SANDBOX caches under "sandbox").
		name = config.NormalizeProfileName(name)
		// No network, but the profile must exist: a misspelt -p would
		// otherwise read as "no cached token" (and clear would say there
		// is nothing to clear) instead of naming the profiles there are.
		// A file that is not YAML stops every command. A profile with
		// bad settings may still have its token shown or cleared.
		cfg, err := f.Config()
		if err != nil {
			return nil, "", err
		}
		if _, _, err := cfg.Inspect(name, nil); err != nil {
			var fe *failure.Error
			if errors.As(err, &fe) {
				return nil, "", fe
			}
			return nil, "", &failure.Error{Kind: failure.Usage, Message: err.Error()}
		}
		st, err := f.Store()
		if err != nil {
			return nil, "", err
		}
		return st.TokenCache(name, provider), name, nil
	}
}

// NewCmdShow builds the command.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Cache: CacheFor(f), OutputOptions: f.OutputOptions, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show the cached token and when it expires (no network)",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.ShowSecrets = f.Globals.ShowSecrets
			if err := get.ResolveProvider(f.Registry, &opts.Provider); err != nil {
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

// Run shows the cached token.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	cache, profile, err := opts.Cache(opts.Provider)
	if err != nil {
		return err
	}
	t, err := cache.Load(opts.Ctx)
	if err != nil {
		return err
	}
	if t == nil {
		return &failure.Error{Kind: failure.Usage, Provider: opts.Provider,
			Message: fmt.Sprintf("no cached %s token for profile %s", opts.Provider, profile),
			Hint:    "obtain one with `insure token get --provider " + opts.Provider + "`"}
	}
	return shared.Print(opts.IO, oo, shared.NewView(opts.Provider, profile, t, opts.Now(), opts.ShowSecrets))
}
