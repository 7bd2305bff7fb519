// Package clear implements `insure token clear`.
package clear

import (
	"context"
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmd/token/shared"
	"github.com/insurekit/insure/pkg/cmd/token/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/spf13/cobra"
)

// Options for `token clear`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx   context.Context
	IO    *iostreams.IOStreams
	Cache func(provider string) (tokencache.Cache, string, error)
	// SignsOut says whether the provider ends logins on its side (its
	// registry token scope has Clear); Source then builds the client.
	SignsOut func(provider string) bool
	Source   func(provider string) (*shared.Source, error)
	Provider string
	// DryRun (--dry-run, --curl) forgets nothing: the sign-out request is
	// shown, not sent, and the cached token is kept.
	DryRun        bool
	OutputOptions func() (output.Options, error)
}

// Result is what a clear did, printed on stdout unless as a table (a
// person reads the lines on stderr).
type Result struct {
	Provider string `json:"provider"`
	Profile  string `json:"profile"`
	// Cleared: a cached token was forgotten.
	Cleared bool `json:"cleared"`
	// SignOut is what became of ending the session with the provider:
	// the provider's answer in words, empty where it has no sign-out or
	// nothing was cached.
	SignOut string `json:"signOut,omitempty"`
}

// report prints r for a script: JSON in a pipe, or the format -o names.
func report(opts *Options, r Result) error {
	if opts.OutputOptions == nil {
		return nil
	}
	oo, err := opts.OutputOptions()
	if err != nil || oo.Format == "table" {
		return err
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: r})
}

// NewCmdClear builds the command.
func NewCmdClear(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Cache: show.CacheFor(f), OutputOptions: f.OutputOptions,
		SignsOut: func(p string) bool {
			d, ok := f.Registry.Lookup(p)
			return ok && d.Tokens != nil && d.Tokens.Clear != nil
		},
		Source: func(p string) (*shared.Source, error) { return shared.SourceFor(f, p) }}
	cmd := &cobra.Command{
		Use:   "clear",
		Short: "Forget the cached token (the next command logs in afresh)",
		Long: `Forget the cached token, so the next command logs in afresh.

Where the provider has a sign-out (bihu), the session is ended there first
and insure says whether the provider accepted it. When the provider cannot
be reached the local token is forgotten anyway, with a warning: the session
then ends on its own when its timeout runs out. When the provider refuses
the sign-out (a rejected signature), the local token is forgotten and the
refusal is the exit code.

With --dry-run (or --curl) nothing is forgotten: the sign-out is shown,
not sent, and the cached token is kept.

On a terminal what was done is said on stderr; in a pipe (or with -o json)
stdout also gets it as one JSON object: provider, profile, cleared, and
signOut (what became of the sign-out, where there is one).`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.DryRun = f.Globals.DryRun || f.Globals.Curl
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

// Run signs out where the provider can, then clears the cache entry.
func Run(opts *Options) error {
	cache, profile, err := opts.Cache(opts.Provider)
	if err != nil {
		return err
	}
	cs := opts.IO.ErrColorScheme()
	if tok, err := cache.Load(opts.Ctx); err == nil && tok == nil {
		// Nothing to sign out or forget: saying "cleared" would be untrue.
		fmt.Fprintf(opts.IO.ErrOut, "No cached %s token for profile %s: nothing to clear, nothing was sent\n", opts.Provider, profile)
		return report(opts, Result{Provider: opts.Provider, Profile: profile})
	}
	res := Result{Provider: opts.Provider, Profile: profile}
	var refused error
	if opts.SignsOut != nil && opts.SignsOut(opts.Provider) {
		said, err := signOut(opts)
		switch {
		case errors.Is(err, httpx.ErrDryRun):
			return err // shown, not sent: nothing is forgotten either
		case err == nil:
			fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.SuccessIcon(), said)
			res.SignOut = said
		case failure.KindOf(err) == failure.Network:
			fmt.Fprintf(opts.IO.ErrOut, "%s Could not reach %s to sign out (%s); the session ends on its own when its timeout runs out\n",
				cs.WarningIcon(), opts.Provider, cmdutil.ErrorText(err))
			res.SignOut = "could not reach " + opts.Provider + ": the session ends on its own when its timeout runs out"
		default:
			refused = err
		}
	}
	if opts.DryRun {
		fmt.Fprintf(opts.IO.ErrOut, "Would clear the cached %s token of profile %s (--dry-run: nothing was changed)\n", opts.Provider, profile)
		return nil
	}
	if err := cache.Clear(opts.Ctx); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Cleared the cached %s token of profile %s\n", cs.SuccessIcon(), opts.Provider, profile)
	res.Cleared = true
	if refused != nil {
		// The refusal is the error document; one document on stdout.
		return refused
	}
	return report(opts, res)
}

func signOut(opts *Options) (string, error) {
	src, err := opts.Source(opts.Provider)
	if err != nil {
		return "", err
	}
	return src.Clear(opts.Ctx)
}
