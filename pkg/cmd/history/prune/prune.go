// Package prune implements `insure history prune`.
package prune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `history prune`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	// Settings resolves the selected profile for its defaults
	// (history-max-age, history-max-size): nil when no profile is
	// selected; an error (an unknown profile, a setting that does not
	// read) stops prune, which removes nothing.
	Settings func() (*config.Profile, error)
	Now      func() time.Time
	DryRun   bool

	OlderThan string
	MaxSize   string
}

// NewCmdPrune builds the command.
func NewCmdPrune(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Settings: selectedProfile(f), Now: f.Now}
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Remove old journal entries and keep the journal under a size cap",
		Long: `Remove journal entries older than --older-than, then the oldest entries
until the journal holds at most --max-size. Removed entries are zeroed in
the local store's file and the file is compacted, so the personal data and
answers they held are gone from the disk.

Each limit comes from its flag, else the selected profile's
defaults.history-max-age / defaults.history-max-size, else 90d and 100MiB.
With --dry-run nothing is removed: the command says what would go.`,
		Example: `  insure history prune
  insure history prune --older-than 30d
  insure history prune --max-size 20MB --dry-run
  insure profile add work --set defaults.history-max-age=180d`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.DryRun = f.Globals.DryRun
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.OlderThan, "older-than", "", "Remove entries older than this age: 90d, 2w, 36h (default: the profile's defaults.history-max-age, else 90d)")
	cmd.Flags().StringVar(&opts.MaxSize, "max-size", "", "Then remove the oldest entries until the journal holds at most this: 100MB, 50MiB (default: the profile's defaults.history-max-size, else 100MiB)")
	return cmd
}

// Run prunes the journal.
func Run(opts *Options) error {
	age, size, err := limits(opts)
	if err != nil {
		return err
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	res, err := st.PruneJournal(opts.Ctx, store.PruneOptions{Before: now().Add(-age), MaxBytes: size, DryRun: opts.DryRun})
	if err != nil {
		return err
	}
	view := struct {
		store.PruneResult
		DryRun bool `json:"dry_run,omitempty"`
	}{res, opts.DryRun}
	return output.Print(opts.IO.Out, oo, output.Result{Data: view, Table: func(w io.Writer) error {
		verb := "Removed"
		if opts.DryRun {
			verb = "Would remove"
		}
		_, err := fmt.Fprintf(w, "%s %d journal entries (%s); %d entries (%s) remain\n", verb, res.Removed, human(res.RemovedBytes), res.Remaining, human(res.RemainingBytes))
		return err
	}})
}

// selectedProfile resolves the selected profile, or nil when none is
// selected (no -p, INSURE_PROFILE or current-profile): only then do the
// built-in limits stand in for the profile's.
func selectedProfile(f *cmdutil.Factory) func() (*config.Profile, error) {
	return func() (*config.Profile, error) {
		if f.Globals.Profile == "" {
			cfg, err := f.Config()
			if err != nil {
				return nil, err
			}
			if cfg.File.CurrentProfile == "" {
				return nil, nil
			}
		}
		return f.Settings()
	}
}

// limits resolves each limit: flag > the profile's default > built-in.
func limits(opts *Options) (time.Duration, int64, error) {
	ageText, sizeText := opts.OlderThan, opts.MaxSize
	ageFrom, sizeFrom := "--older-than", "--max-size"
	if ageText == "" || sizeText == "" {
		// A profile that cannot be read is not replaced by the built-in
		// limits: they might remove what its own limits keep.
		p, err := opts.Settings()
		if err != nil {
			return 0, 0, nothingRemoved(err)
		}
		if p != nil {
			if v := p.Value(config.DefaultsSection, "history-max-age"); ageText == "" && v != "" {
				ageText, ageFrom = v, "defaults.history-max-age"
			}
			if v := p.Value(config.DefaultsSection, "history-max-size"); sizeText == "" && v != "" {
				sizeText, sizeFrom = v, "defaults.history-max-size"
			}
		}
	}
	age, size := store.DefaultJournalMaxAge, int64(store.DefaultJournalMaxSize)
	var fields []failure.FieldError
	if ageText != "" {
		d, err := store.ParseAge(ageText)
		if err != nil {
			fields = append(fields, failure.FieldError{Field: ageFrom, Rule: err.Error(), Example: "90d"})
		}
		age = d
	}
	if sizeText != "" {
		n, err := store.ParseSize(sizeText)
		if err != nil {
			fields = append(fields, failure.FieldError{Field: sizeFrom, Rule: err.Error(), Example: "100MB"})
		}
		size = n
	}
	if len(fields) > 0 {
		return 0, 0, &failure.Error{Kind: failure.Usage, Message: "bad retention limit; nothing was removed", Fields: fields}
	}
	return age, size, nil
}

// nothingRemoved adds to err's message that the journal is untouched.
func nothingRemoved(err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return &failure.Error{Kind: failure.Unexpected, Message: err.Error() + "; nothing was removed", Err: err}
	}
	c := *fe
	c.Message += "; nothing was removed"
	return &c
}

func human(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
