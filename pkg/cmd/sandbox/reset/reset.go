// Package reset implements `insure sandbox reset`.
package reset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/spf13/cobra"
)

// Options for `sandbox reset`.
type Options struct {
	Ctx      context.Context
	IO       *iostreams.IOStreams
	Prompter func() prompter.Prompter
	Yes      bool
	StateDir string
	// ServerURLs are where a running server would answer (it holds the
	// state open, so reset refuses while one does).
	ServerURLs []string
}

// NewCmdReset builds `insure sandbox reset`.
func NewCmdReset(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Forget the sandbox's orders, policies, sessions and tokens",
		Long: `Delete the sandbox's state (the state directory's sandbox/), so the fakes
start empty: a fixed order id can be bought again, quotations and policies
are gone. Real providers and your profiles are untouched.

It asks on a terminal and needs --yes in a script. It refuses while
"insure sandbox serve" runs over this state (on whatever address), or
answers at INSURE_SANDBOX_URL or its default address: stop it first. Only
the sandbox's own files are deleted; anything else in the directory is
left where it is.`,
		Example: `  insure sandbox reset
  insure sandbox reset --yes`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Yes = cmd.Context(), f.Globals.Yes
			if opts.StateDir == "" {
				opts.StateDir = filepath.Join(config.StateDir(), "sandbox")
			}
			var err error
			if opts.ServerURLs, err = ServerURLs(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.StateDir, "state-dir", "", "Where sandbox state lives (default: the state directory's sandbox/)")
	cmdutil.MarkSendsNothing(cmd)
	cmdutil.MarkConfirms(cmd)
	return cmd
}

// ServerURLs are INSURE_SANDBOX_URL and serve's default address. A
// malformed INSURE_SANDBOX_URL is a usage error: no server could be found
// at it, and status would say none answers, reset that none runs.
func ServerURLs() ([]string, error) {
	urls := []string{"http://" + sandbox.DefaultAddr}
	u, err := sandbox.URLFromEnv()
	if err != nil {
		return nil, err
	}
	if u != "" {
		urls = append([]string{u}, urls...)
	}
	return urls, nil
}

// Run deletes the state files.
func Run(opts *Options) error {
	ctx := opts.Ctx
	dir := sandbox.AbsDir(opts.StateDir)
	for _, u := range WithRegistered(opts.ServerURLs, opts.StateDir) {
		// A server that names another state directory (one serving its
		// own --state-dir on the default address) is not in the way.
		if answers, served := sandbox.ServedState(ctx, u); answers && (served == "" || served == dir) {
			if pid := InProcessPID(opts.StateDir, u); pid != 0 {
				return &failure.Error{Kind: failure.Usage,
					Message: fmt.Sprintf("an insure command (pid %d) is using this sandbox state (its in-process sandbox answers at %s); nothing was reset", pid, u),
					Hint:    "let it finish (or stop it) and run reset again: deleting the state under it would lose what it writes"}
			}
			return &failure.Error{Kind: failure.Usage, Message: "a sandbox server is running at " + u + " on this state; nothing was reset",
				Hint: "stop `insure sandbox serve` (Ctrl-C) and run reset again"}
		}
	}
	entries, err := os.ReadDir(opts.StateDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Only the sandbox's own files: --state-dir naming the wrong
	// directory must not wipe whatever else is in it.
	var mine, others []string
	for _, e := range entries {
		if isSandboxFile(e.Name()) {
			mine = append(mine, e.Name())
		} else {
			others = append(others, e.Name())
		}
	}
	if len(mine) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "the sandbox state is already empty (%s)\n", opts.StateDir)
		sayLeft(opts, others)
		return nil
	}
	if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, "Delete the sandbox state in "+opts.StateDir+"?"); err != nil {
		return err
	}
	// The database with its -wal and -shm companions, and the records
	// of servers that stopped without removing theirs.
	for _, name := range mine {
		if err := os.RemoveAll(filepath.Join(opts.StateDir, name)); err != nil {
			return &failure.Error{Kind: failure.Unexpected, Message: "resetting the sandbox: " + err.Error()}
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s sandbox state deleted (%s)\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.StateDir)
	sayLeft(opts, others)
	return nil
}

// sayLeft names the files in the state directory that are not the
// sandbox's, which reset leaves where they are.
func sayLeft(opts *Options, others []string) {
	if len(others) == 0 {
		return
	}
	shown := others
	if len(shown) > 3 {
		shown = append(slices.Clone(shown[:3]), "...")
	}
	fmt.Fprintf(opts.IO.ErrOut, "left %d file(s) in %s that are not the sandbox's: %s\n", len(others), opts.StateDir, strings.Join(shown, ", "))
}
