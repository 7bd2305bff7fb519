// Package prune implements `insure history prune`.
package prune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
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
	Prompter func() prompter.Prompter
	// InDoubt says whether an unknown outcome of a provider's operation
	// leaves an act in doubt (store.PruneOptions.InDoubt): such entries
	// stay until settled.
	InDoubt func(provider, operation string) bool
	// SettleKey names the journal key an act's attempts share
	// (store.PruneOptions.SettleKey).
	SettleKey func(provider, operation string) string
	// DryRun says what would go and removes nothing: prune's own
	// --dry-run, or the global one (INSURE_DRY_RUN).
	DryRun bool
	// Yes is the global --yes: remove without asking.
	Yes bool

	OlderThan string
	MaxSize   string
}

// NewCmdPrune builds the command.
func NewCmdPrune(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Settings: selectedProfile(f), Now: f.Now, Prompter: f.Prompter,
		InDoubt: inDoubt(f), SettleKey: settleKey(f)}
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Remove old journal entries and keep the journal under a size cap",
		Long: `Remove journal entries older than --older-than, then the oldest entries
until the journal holds at most --max-size. Age and order go by the time
each request was sent, not by its id. Removed entries are zeroed in the
local store's file and the file is compacted, so the personal data and
answers they held are gone from the disk.

Entries of an act whose outcome is unknown and not settled yet (a
purchase, issuance or cancellation whose answer was lost) are kept
whatever their age and the size cap, with the earlier attempt settling
it reads: they are the only record that the act may have happened, and
settling it (` + "`insure find`" + ` prints how) needs them. The size cap counts
the other entries. prune says how many it kept so; once settled, they go
at the next prune.

Each limit comes from its flag, else the selected profile's
defaults.history-max-age / defaults.history-max-size, else 90d and 100MiB.

On a terminal prune says how many entries it would remove, how many bytes
and up to what time, and asks. Where it cannot ask (stdin or stdout not
a terminal, --no-input, CI) it needs --yes: without it, it exits 2 and
removes nothing. With --dry-run nothing is removed and nothing asked: the
command says what would go.`,
		Example: `  insure history prune
  insure history prune --older-than 30d --dry-run
  insure history prune --max-size 20MB --yes      # from cron or CI
  insure profile add work --set defaults.history-max-age=180d`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Yes = cmd.Context(), f.Globals.Yes
			// The global --dry-run describes a request and is left out of
			// history's help; prune's own says what it does here.
			opts.DryRun = opts.DryRun || f.Globals.DryRun
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.OlderThan, "older-than", "", "Remove entries older than this age: 90d, 2w, 36h (default: the profile's defaults.history-max-age, else 90d)")
	cmd.Flags().StringVar(&opts.MaxSize, "max-size", "", "Then remove the oldest entries until the journal holds at most this: 100MB, 50MiB (default: the profile's defaults.history-max-size, else 100MiB)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Say what would be removed; remove nothing and ask nothing")
	cmdutil.MarkConfirms(cmd)
	return cmd
}

// Run prunes the journal: it counts what the limits select, asks (or
// needs --yes), then removes exactly what it counted.
func Run(opts *Options) error {
	lim, err := limits(opts)
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
	po := store.PruneOptions{Before: now().Add(-lim.age), MaxBytes: lim.size, DryRun: true, InDoubt: opts.InDoubt, SettleKey: opts.SettleKey}
	res, err := st.PruneJournal(opts.Ctx, po)
	if err != nil {
		return err
	}
	// Nothing due is nothing to ask a person about; a script still needs
	// --yes, so that it learns so on its first run, not on the day the
	// first entries grow old enough.
	if !opts.DryRun && (res.Removed > 0 || !opts.IO.CanPrompt()) {
		if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, question(res, lim)); err != nil {
			if errors.As(err, &cmdutil.Declined{}) {
				// A decision, not a failure (exit 0), as at every
				// confirmation; Declined's own words are about sending.
				fmt.Fprintln(opts.IO.ErrOut, "not confirmed; nothing was removed")
				return nil
			}
			var fe *failure.Error
			if errors.As(err, &fe) {
				return nothingRemoved(err)
			}
			// Ctrl-C at the prompt keeps its own exit code.
			return err
		}
		if res.Removed > 0 {
			po.DryRun, po.Through = false, res.Through
			if res, err = st.PruneJournal(opts.Ctx, po); err != nil {
				return err
			}
		}
	}
	view := struct {
		store.PruneResult
		NewestRemoved *time.Time `json:"newest_removed,omitempty"`
		DryRun        bool       `json:"dry_run,omitempty"`
	}{PruneResult: res, DryRun: opts.DryRun}
	if !res.NewestRemoved.IsZero() {
		view.NewestRemoved = &res.NewestRemoved
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: view, Table: func(w io.Writer) error {
		verb := "Removed"
		if opts.DryRun {
			verb = "Would remove"
		}
		upTo := ""
		if res.Removed > 0 && !res.NewestRemoved.IsZero() {
			// As the confirmation says it: what a dry run shows is what
			// the real run will ask about.
			upTo = " recorded up to " + output.Time(res.NewestRemoved)
		}
		if _, err := fmt.Fprintf(w, "%s %d journal entries (%s)%s; %d entries (%s) remain\n", verb, res.Removed, human(res.RemovedBytes), upTo, res.Remaining, human(res.RemainingBytes)); err != nil {
			return err
		}
		if k := keptLine(res); k != "" {
			_, err := fmt.Fprintln(w, strings.ToUpper(k[:1])+k[1:])
			return err
		}
		return nil
	}})
}

// question is what prune asks on a terminal, and what the error without
// --yes in a script quotes: how much goes, up to when, and what stays.
func question(res store.PruneResult, lim retention) string {
	limits := fmt.Sprintf("(limits: older than %s, at most %s kept)", lim.ageText, lim.sizeText)
	q := fmt.Sprintf("Remove journal entries %s? None is due now; %d entries (%s) remain", limits, res.Remaining, human(res.RemainingBytes))
	if res.Removed > 0 {
		q = fmt.Sprintf("Remove %d journal entries (%s) recorded up to %s %s? %d entries (%s) would remain",
			res.Removed, human(res.RemovedBytes), output.Time(res.NewestRemoved), limits, res.Remaining, human(res.RemainingBytes))
	}
	if k := keptLine(res); k != "" {
		q += "; " + k
	}
	return q
}

// keptLine says how many of the entries that remain stay whatever the
// limits, and why: acts in doubt (store.PruneResult.KeptUnsettled); ""
// when none does.
func keptLine(res store.PruneResult) string {
	if res.KeptUnsettled == 0 {
		return ""
	}
	n := fmt.Sprintf("%d of them stay", res.KeptUnsettled)
	if res.KeptUnsettled == 1 {
		n = "1 of them stays"
	}
	return n + " whatever the limits: purchases, issuances or cancellations whose outcome is still unknown, and the earlier attempts needed to settle them (`insure history list --status unknown` lists them; `insure find KEY` says how to settle one)"
}

// inDoubt is insure find's reading of the registry: an operation that
// buys, issues or cancels, or a step of one that a command settles
// (Sunshine's payment check), leaves an act in doubt when its outcome is
// unknown.
func inDoubt(f *cmdutil.Factory) func(provider, operation string) bool {
	return func(provider, operation string) bool {
		if f.Registry == nil {
			return true
		}
		p, ok := f.Registry.Lookup(provider)
		if !ok {
			return false
		}
		op, ok := p.JournalOperation(operation)
		return ok && (op.Acts || len(op.Settle) > 0)
	}
}

// settleKey is the registry's SettleKey of an operation ("" when it
// names none: then any key the act carries is matched).
func settleKey(f *cmdutil.Factory) func(provider, operation string) string {
	return func(provider, operation string) string {
		if f.Registry == nil {
			return ""
		}
		p, ok := f.Registry.Lookup(provider)
		if !ok {
			return ""
		}
		op, _ := p.JournalOperation(operation)
		return op.SettleKey
	}
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

// retention is the limits prune applies, with their text as given for
// the question it asks.
type retention struct {
	age               time.Duration
	size              int64
	ageText, sizeText string
}

// limits resolves each limit: flag > the profile's default > built-in.
func limits(opts *Options) (retention, error) {
	ageText, sizeText := opts.OlderThan, opts.MaxSize
	ageFrom, sizeFrom := "--older-than", "--max-size"
	if ageText == "" || sizeText == "" {
		// A profile that cannot be read is not replaced by the built-in
		// limits: they might remove what its own limits keep.
		p, err := opts.Settings()
		if err != nil {
			return retention{}, nothingRemoved(err)
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
	r := retention{age: store.DefaultJournalMaxAge, size: int64(store.DefaultJournalMaxSize), ageText: "90d", sizeText: "100MiB"}
	var fields []failure.FieldError
	if ageText != "" {
		d, err := store.ParseRetentionAge(ageText)
		if err != nil {
			fields = append(fields, failure.FieldError{Field: ageFrom, Rule: err.Error(), Example: "180d"})
		}
		r.age, r.ageText = d, strings.TrimSpace(ageText)
	}
	if sizeText != "" {
		n, err := store.ParseSize(sizeText)
		if err != nil {
			fields = append(fields, failure.FieldError{Field: sizeFrom, Rule: err.Error(), Example: "100MB"})
		}
		r.size, r.sizeText = n, strings.TrimSpace(sizeText)
	}
	if len(fields) > 0 {
		return retention{}, &failure.Error{Kind: failure.Usage, Message: "bad retention limit; nothing was removed", Fields: fields}
	}
	return r, nil
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
