// Package list implements `insure history list`.
package list

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `history list`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	// ProfileName is the selected profile (the default filter).
	ProfileName func() (string, error)
	// Profiles lists the configured profiles (nil: not checked).
	Profiles func() ([]string, error)
	// Providers are the registry's provider names (nil: not checked).
	Providers []string
	// Registry knows the operations --op takes (nil: taken as given).
	Registry *registry.Registry
	Now      func() time.Time
	Filter   store.JournalFilter
	// Since and Until are as given: a duration before now (24h, 7d, 2w)
	// or an RFC 3339 time.
	Since, Until string
	AllProfiles  bool
	// ShowPersonal shows personal data in URLs and errors unmasked.
	ShowPersonal bool
}

// NewCmdList builds the command.
func NewCmdList(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Now: f.Now,
		ProfileName: func() (string, error) { return cmdutil.ProfileName(f) }}
	if f.Registry != nil {
		opts.Providers, opts.Registry = f.Registry.Names(), f.Registry
	}
	opts.Profiles = historyshared.ConfiguredProfiles(f)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List recent requests, newest first",
		Long: `List journal entries, newest first: the selected profile's, or every
profile's with --all-profiles.

--since and --until take a duration before now (30m, 24h, 7d, 2w),
today or yesterday (the start of the day), an RFC 3339 time
(2026-11-30T18:00:00+08:00), a time as this list prints it
(2026-11-30 18:01:12 +08:00), or a date or time without an offset, read
in the local zone (2026-11-30, 2026-11-30 18:00). --status is the outcome, as
the command that sent the request read the answer: ok (a result), failed
(refused: by HTTP status, or inside a 2xx answer by a business code or
message, such as eBao's success false, a Paoding code, Bihu's 206 or a
Sunshine 300/400; or an answer that did not verify) or unknown (no whole
answer: a network failure, a timeout, a 5xx; or an act whose answer is in
doubt). The outcome column shows it; on a terminal as find words it,
with the exit class of a request that did not go through and how an act
in doubt was settled ("failed 4", "failed 5 (not sent)", "ok (re-run)").
In JSON it is the field outcome: status there is the HTTP status (0 when
no answer came), beside the exit class and the provider's code and
message: a --jq filter selects failed requests by .outcome == "failed",
not .status (see the last example).

Rows are written as the journal yields them, so a list of any length
costs little memory: JSON is an array with one entry per line, YAML a
sequence, a table in a pipe tab-separated lines (on a terminal it is
aligned in blocks of 500 rows). --jq, --template and -o xml need the whole
list and build it in memory first. When --limit cut the list, stderr says
so.

Times show in the local zone with its offset (2026-11-30 18:01:12 +08:00);
JSON and YAML carry them as RFC 3339. On a terminal the duration (ms) is
left to JSON and history show, so the keys have room. No identifier is
cut part-way: on a narrow terminal the provider column and an outcome's
words after its class give way first, and identifiers after a row's
first are left out whole ("…"). The table goes through a pager:
INSURE_PAGER, else PAGER, else less -FRX ("cat" or "" for none).`,
		Example: `  insure history list --provider paoding --since 24h
  insure history list --op 105 --status failed
  insure history list --key ORDER_ID --all-profiles
  insure history list --status unknown --since 7d -L 0
  insure history list --op report.buy --status ok --since yesterday \
    --until today -L 0 --jq '.[].keys.vin'
  insure history list -L 0 --jq '.[] | select(.outcome == "failed") | .id'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			var err error
			if opts.Filter.Status, err = historyshared.Status(opts.Filter.Status); err != nil {
				return err
			}
			if opts.Filter.Limit < 0 {
				return cmdutil.FlagErrorf("--limit must be 0 (all) or more (got %d)", opts.Filter.Limit)
			}
			now := time.Now
			if opts.Now != nil {
				now = opts.Now
			}
			if opts.Filter.Since, opts.Filter.Until, err = historyshared.Window(opts.Since, opts.Until, now()); err != nil {
				return err
			}
			if opts.Filter.Profile != "" && opts.AllProfiles {
				return cmdutil.FlagErrorf("--for-profile and --all-profiles cannot be used together")
			}
			// Profile names are stored lower-case, as -p takes them.
			opts.Filter.Profile = config.NormalizeProfileName(opts.Filter.Profile)
			if opts.Filter.Provider, err = historyshared.Provider(opts.Filter.Provider, opts.Providers); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Filter.Provider, "provider", "", "Only this provider")
	fl.StringVar(&opts.Filter.Operation, "op", "", "Only this operation: as history shows it (report.buy, txn.105) or as insure api names it (105)")
	fl.StringVar(&opts.Filter.Operation, "operation", "", "Only this operation (same as --op)")
	_ = fl.MarkHidden("operation")
	fl.StringVar(&opts.Filter.Key, "key", "", "Only requests about this identifier: order, quotation, policy, session, plate, VIN, resident ID")
	fl.StringVar(&opts.Filter.Status, "status", "", "Only this outcome: ok, failed or unknown (JSON's outcome field; JSON's status is the HTTP status)")
	fl.StringVar(&opts.Since, "since", "", "Only requests since: a duration (24h, 7d), an RFC 3339 time, or a local date or time (2026-11-30 18:00)")
	fl.StringVar(&opts.Until, "until", "", "Only requests before: a duration (24h, 7d), an RFC 3339 time, or a local date or time (2026-11-30 18:00)")
	fl.StringVar(&opts.Filter.Profile, "for-profile", "", "Only requests made with this profile (default: the selected profile)")
	fl.BoolVar(&opts.AllProfiles, "all-profiles", false, "Requests made with every profile")
	fl.IntVarP(&opts.Filter.Limit, "limit", "L", 30, "Maximum number of entries, 0 for all")
	fl.BoolVar(&opts.ShowPersonal, "show-personal", false, "Show resident IDs, mobiles, e-mails and names unmasked (not for pasting into tickets)")
	historyshared.RegisterFilterCompletions(cmd, f)
	return cmd
}

// Run lists the journal.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	historyshared.StopWhenReaderGoes()
	f := opts.Filter
	// Newest sent first: the id is the order rows were written, which
	// concurrent processes and a batch's write-behind mix up.
	f.BySendTime = true
	switch {
	case f.Profile == "" && !opts.AllProfiles && opts.ProfileName != nil:
		// No selected profile: every profile's entries.
		name, _ := opts.ProfileName()
		f.Profile = config.NormalizeProfileName(name)
		if err := historyshared.SelectedProfile(opts.Ctx, st, opts.Profiles, f.Profile,
			"--all-profiles lists every profile's requests; --for-profile NAME one profile's, a removed one's too"); err != nil {
			return err
		}
	case f.Profile != "":
		// --for-profile: a misspelt name would match nothing and look
		// like an empty journal, exit 0.
		if err := historyshared.SelectedProfile(opts.Ctx, st, opts.Profiles, f.Profile,
			"--all-profiles lists every profile's requests; --for-profile takes a configured profile or one the journal holds requests of"); err != nil {
			return err
		}
	}
	if f.Operation, err = historyshared.Operation(opts.Ctx, st, opts.Registry, f.Operation, f.Provider); err != nil {
		return err
	}
	if f.Key, err = historyshared.KeyAsRecorded(opts.Ctx, st, f, opts.IO.ErrOut, "listing"); err != nil {
		return err
	}
	limit := f.Limit
	if limit == 0 {
		f.Limit = -1 // all
	}
	mask := func(e *store.JournalEntry) {
		if !opts.ShowPersonal {
			// The provider's message can echo what was sent.
			e.URL, e.Error, e.Message = personal.Mask(e.URL), personal.Mask(e.Error), personal.Mask(e.Message)
		}
	}
	shown := 0
	var werr error
	switch {
	case oo.JQ != "" || oo.Template != "" || oo.Format == "xml":
		// These need the whole document.
		entries := []store.JournalEntry{}
		err = st.EachHistory(opts.Ctx, f, false, func(e *store.JournalEntry) error {
			mask(e)
			entries = append(entries, *e)
			return nil
		})
		shown = len(entries)
		if err == nil {
			werr = output.Print(opts.IO.Out, oo, output.Result{Data: entries})
		}
	case oo.Format == "table":
		// A terminal's list goes through the pager (docs/support.md).
		if perr := opts.IO.StartPager(); perr != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: cannot start the pager (INSURE_PAGER or PAGER): %v; printing without it\n", perr)
		}
		defer opts.IO.StopPager()
		shown, err, werr = streamTable(opts, st, f, mask)
		// What follows goes to stderr: below the list, once it is read.
		opts.IO.StopPager()
		if iostreams.PagerQuit(werr) {
			// The person quit the pager (q) before the end: not a failure.
			return nil
		}
	case oo.Format == "yaml":
		shown, err, werr = streamDocs(opts.IO.Out, st, opts.Ctx, f, mask, oo, "", "", "[]\n")
	default:
		shown, err, werr = streamDocs(opts.IO.Out, st, opts.Ctx, f, mask, output.Options{Format: "json"}, "[\n", ",\n", "[]\n")
	}
	if err != nil {
		return err
	}
	if historyshared.ReaderGone(werr) {
		// | head -1 has its rows: no "30 of 412 shown" for a list it cut.
		return nil
	}
	if werr != nil {
		return werr
	}
	if shown == 0 {
		historyshared.Empty(opts.Ctx, opts.IO.ErrOut, st, f, opts.Since, opts.Until, "", "lists")
		return nil
	}
	if limit > 0 && shown == limit {
		if total, err := st.CountHistory(opts.Ctx, f); err == nil && total > shown {
			fmt.Fprintf(opts.IO.ErrOut, "%d of %d shown; --limit 0 for all\n", shown, total)
		}
	}
	return nil
}

// streamDocs writes each entry as the query yields it: JSON as an array
// with one compact entry per line, YAML as a sequence of one-item
// documents' items. err is the query's, werr the writer's.
func streamDocs(w io.Writer, st *store.Store, ctx context.Context, f store.JournalFilter, mask func(*store.JournalEntry), oo output.Options, open, sep, empty string) (n int, err, werr error) {
	var buf bytes.Buffer
	err = st.EachHistory(ctx, f, false, func(e *store.JournalEntry) error {
		mask(e)
		buf.Reset()
		var data any = e
		if oo.Format == "yaml" {
			data = []*store.JournalEntry{e}
		}
		if werr = output.Print(&buf, output.Options{Format: oo.Format}, output.Result{Data: data}); werr != nil {
			return werr
		}
		prefix := sep
		if n == 0 {
			prefix = open
		}
		if oo.Format != "yaml" {
			buf.Truncate(len(bytes.TrimRight(buf.Bytes(), "\n")))
		}
		if _, werr = io.WriteString(w, prefix); werr == nil {
			_, werr = w.Write(buf.Bytes())
		}
		n++
		return werr
	})
	if werr != nil {
		return n, nil, werr
	}
	switch {
	case err != nil:
	case n == 0:
		_, werr = io.WriteString(w, empty)
	case oo.Format != "yaml":
		_, werr = io.WriteString(w, "\n]\n")
	}
	return n, err, werr
}

// tableBlock is how many rows a terminal table aligns at once.
const tableBlock = 500

func streamTable(opts *Options, st *store.Store, f store.JournalFilter, mask func(*store.JournalEntry)) (n int, err, werr error) {
	tty := opts.IO.IsStdoutTTY()
	// "outcome", as find and history export call it, and as --status
	// filters: JSON's "status" is the HTTP status, and a --jq filter on
	// .status == "failed" copied from this header matched nothing.
	header := []string{"id", "time", "profile", "provider", "operation", "outcome", "ms", "keys"}
	if tty {
		// A time with its zone takes 26 columns: at 80 the duration gives
		// way to the keys, which are what a reader looks for (history show
		// and JSON keep it).
		header = []string{"id", "time", "profile", "provider", "operation", "outcome", "keys"}
	}
	// A terminal's rows are held until a block is full, so that the
	// block is fitted to the terminal as a whole: columns give way before
	// a row's number is cut (fitTerminal).
	var block [][]string
	flush := func() error {
		if len(block) == 0 {
			return nil
		}
		header := header
		if tty {
			header, block = fitTerminal(header, block, output.TerminalWidth())
		}
		t := output.NewTable(tty, header...).Flexible("keys", "operation", "error").Whole(header[1])
		if n > len(block) {
			t.Continued()
		}
		for _, r := range block {
			t.Row(r...)
		}
		block = nil
		return t.Render(opts.IO.Out)
	}
	err = st.EachHistory(opts.Ctx, f, false, func(e *store.JournalEntry) error {
		mask(e)
		if tty {
			block = append(block, []string{fmt.Sprint(e.ID), output.Time(e.Time), e.Profile, e.Provider, e.Operation, outcomeCell(e), historyshared.KeysCell(e.Keys)})
		} else {
			// The outcome --status filters on: the provider's reading, so
			// a refusal inside a 200 is failed (history show has the code).
			outcome := e.Outcome
			if in, ok := historyshared.Interrupted(e.Interrupted, e.Settled != nil); ok {
				// The command exited 130, 143 or 129, not the class 5 that
				// JSON's exit_class keeps.
				outcome = in.Cell(e.Outcome)
			}
			if historyshared.Probe(e.Keys) {
				outcome += historyshared.ProbeNote
			}
			block = append(block, []string{fmt.Sprint(e.ID), output.Time(e.Time), e.Profile, e.Provider, e.Operation, outcome, fmt.Sprint(e.DurationMS), historyshared.KeysCell(e.Keys)})
		}
		n++
		// In a pipe each row is a line of its own; on a terminal rows are
		// aligned in blocks.
		if !tty || len(block) >= tableBlock {
			werr = flush()
		}
		return werr
	})
	if werr == nil {
		werr = flush()
	}
	return n, err, werr
}
