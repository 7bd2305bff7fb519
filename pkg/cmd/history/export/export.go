// Package export implements `insure history export`: the journal as CSV
// or JSON Lines for spreadsheets and audits.
package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `history export`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx         context.Context
	IO          *iostreams.IOStreams
	Store       func() (*store.Store, error)
	ProfileName func() (string, error)
	// Profiles lists the configured profiles (nil: not checked).
	Profiles func() ([]string, error)
	// Providers are the registry's provider names (nil: not checked).
	Providers []string
	// Registry knows the operations --op takes (nil: taken as given).
	Registry *registry.Registry
	Now      func() time.Time

	Format       string // csv or jsonl
	Filter       store.JournalFilter
	Since, Until string
	AllProfiles  bool
	Bodies       bool
	ShowPersonal bool
}

// NewCmdExport builds the command.
func NewCmdExport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, Now: f.Now,
		ProfileName: func() (string, error) { return cmdutil.ProfileName(f) }}
	if f.Registry != nil {
		opts.Providers, opts.Registry = f.Registry.Names(), f.Registry
	}
	opts.Profiles = historyshared.ConfiguredProfiles(f)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the journal as CSV or JSON Lines, for spreadsheets and audits",
		Long: `Write journal entries, oldest first, to stdout as CSV (with a header row)
or JSON Lines (one object per line), streamed as they are read. When no
entry matches, stdout holds only the CSV header (JSON Lines: nothing),
stderr says why, as history list does, and the exit code is 0.

Columns: id, time (RFC 3339, UTC), profile, provider, operation, status
(the HTTP status, 0 when no answer came), outcome (ok, failed, unknown:
the provider's reading, so a refusal inside a 2xx answer is failed; what
--status filters on), exit_class, duration_ms, method, url, keys
(name=value, space-separated), error, code and message (the provider's,
for an answer that was not a result), settled_by and recorded_outcome
(for an act whose outcome a look-up or a re-run settled later: how, and
what was recorded; JSON Lines: settled), interrupted (the signal that cut
the request short, SIGINT, SIGTERM or SIGHUP: the command exited 130, 143
or 129); with --bodies also request and response. Secrets were masked
when recorded; personal data (resident ID numbers, mobiles, e-mails,
names, birth dates) is masked unless --show-personal, and names and ID
numbers among the keys are salted hashes. A CSV cell that a spreadsheet
would take for a formula (starting with =, +, -, @) is prefixed with a
single quote.`,
		Example: `  insure history export --format csv --since 30d > journal.csv
  insure history export --format jsonl --all-profiles \
    --since 2026-11-01T00:00:00+08:00 --bodies`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			// In any case, as --provider and --status are read.
			given := opts.Format
			opts.Format = strings.ToLower(strings.TrimSpace(given))
			if g := f.Globals; g != nil {
				if err := checkOutputFlags(g.JQ, g.Template, g.Output); err != nil {
					return err
				}
				// -o json typed on the command line asks for JSON: the
				// JSON export is JSON Lines. (A profile's default output
				// does not change the export's CSV.)
				if g.Output == "json" && cmd.Flags().Changed("output") {
					if cmd.Flags().Changed("format") && opts.Format != "jsonl" {
						return cmdutil.FlagErrorf("-o json and --format %s disagree: give one (-o json is --format jsonl)", opts.Format)
					}
					opts.Format = "jsonl"
				}
			}
			var err error
			if opts.Filter.Provider, err = historyshared.Provider(opts.Filter.Provider, opts.Providers); err != nil {
				return err
			}
			if opts.Format != "csv" && opts.Format != "jsonl" {
				return cmdutil.FlagErrorf("--format must be csv or jsonl (got %q), e.g. --format csv", given)
			}
			if opts.Filter.Status, err = historyshared.Status(opts.Filter.Status); err != nil {
				return err
			}
			now := time.Now
			if opts.Now != nil {
				now = opts.Now
			}
			if opts.Filter.Since, opts.Filter.Until, err = historyshared.Window(opts.Since, opts.Until, now()); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "csv", "csv or jsonl")
	fl.StringVar(&opts.Since, "since", "", "Only requests since: a duration (24h, 30d), an RFC 3339 time, or a local date or time (2026-11-30 18:00)")
	fl.StringVar(&opts.Until, "until", "", "Only requests before: a duration (24h, 30d), an RFC 3339 time, or a local date or time (2026-11-30 18:00)")
	fl.StringVar(&opts.Filter.Provider, "provider", "", "Only this provider")
	fl.StringVar(&opts.Filter.Operation, "op", "", "Only this operation: as history shows it (report.buy, txn.105) or as insure api names it (105)")
	fl.StringVar(&opts.Filter.Key, "key", "", "Only requests about this identifier")
	fl.StringVar(&opts.Filter.Status, "status", "", "Only this outcome: ok, failed or unknown (the outcome column; status is the HTTP status)")
	fl.BoolVar(&opts.AllProfiles, "all-profiles", false, "Requests made with every profile (default: the selected profile)")
	fl.BoolVar(&opts.Bodies, "bodies", false, "Add the request and response columns")
	fl.BoolVar(&opts.ShowPersonal, "show-personal", false, "Show resident IDs, mobiles, e-mails and names unmasked (not for sharing)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"csv", "jsonl"}, cobra.ShellCompDirectiveNoFileComp))
	historyshared.RegisterFilterCompletions(cmd, f)
	return cmd
}

// Row is one exported entry.
type Row struct {
	ID         int64  `json:"id"`
	Time       string `json:"time"`
	Profile    string `json:"profile"`
	Provider   string `json:"provider"`
	Operation  string `json:"operation"`
	Status     int    `json:"status"`
	Outcome    string `json:"outcome"`
	ExitClass  int    `json:"exit_class"`
	DurationMS int64  `json:"duration_ms"`
	Method     string `json:"method"`
	URL        string `json:"url"`
	// Keys is an object in JSON Lines, name=value pairs in CSV.
	Keys  map[string]string `json:"keys"`
	Error string            `json:"error"`
	// Code and Message are the provider's, for an answer that was not a
	// result (a refusal inside a 2xx answer among them).
	Code    string `json:"code"`
	Message string `json:"message"`
	// Settled says how an act's outcome came to be known after it was
	// recorded, and what was recorded (as history list shows it); in CSV
	// the columns settled_by and recorded_outcome.
	Settled *store.Settled `json:"settled,omitempty"`
	// Interrupted names the signal that cut the request short (SIGINT,
	// SIGTERM, SIGHUP: the command exited 130, 143 or 129; exit_class
	// stays the journal's 5).
	Interrupted string  `json:"interrupted,omitempty"`
	Request     *string `json:"request,omitempty"`
	Response    *string `json:"response,omitempty"`
}

// Run writes the export.
func Run(opts *Options) error {
	st, err := opts.Store()
	if err != nil {
		return err
	}
	historyshared.StopWhenReaderGoes()
	f := opts.Filter
	f.Limit, f.Ascending = -1, true
	if !opts.AllProfiles && opts.ProfileName != nil {
		name, _ := opts.ProfileName()
		// Profile names are stored lower-case, as -p takes them.
		f.Profile = config.NormalizeProfileName(name)
		if err := historyshared.SelectedProfile(opts.Ctx, st, opts.Profiles, f.Profile, "--all-profiles exports every profile's requests"); err != nil {
			return err
		}
	}
	if f.Operation, err = historyshared.Operation(opts.Ctx, st, opts.Registry, f.Operation, f.Provider); err != nil {
		return err
	}
	if f.Key, err = historyshared.KeyAsRecorded(opts.Ctx, st, f, opts.IO.ErrOut, "exporting"); err != nil {
		return err
	}
	mask := func(s string) string {
		if opts.ShowPersonal {
			return s
		}
		return personal.Mask(s)
	}
	w := opts.IO.Out
	var cw *csv.Writer
	var enc *json.Encoder
	if opts.Format == "csv" {
		cw = csv.NewWriter(w)
		header := []string{"id", "time", "profile", "provider", "operation", "status", "outcome", "exit_class", "duration_ms", "method", "url", "keys", "error", "code", "message", "settled_by", "recorded_outcome", "interrupted"}
		if opts.Bodies {
			header = append(header, "request", "response")
		}
		if err := cw.Write(header); err != nil {
			return err
		}
	} else {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	}
	n := 0
	err = st.EachHistory(opts.Ctx, f, opts.Bodies, func(e *store.JournalEntry) error {
		r := Row{ID: e.ID, Time: e.Time.UTC().Format(time.RFC3339Nano), Profile: e.Profile, Provider: e.Provider, Operation: e.Operation,
			Status: e.Status, Outcome: e.Outcome, ExitClass: e.ExitClass, DurationMS: e.DurationMS, Method: e.Method,
			URL: mask(e.URL), Keys: e.Keys, Error: mask(e.Error), Code: e.Code, Message: mask(e.Message), Settled: e.Settled, Interrupted: e.Interrupted}
		if r.Keys == nil {
			r.Keys = map[string]string{}
		}
		if opts.Bodies {
			req, resp := mask(e.Request), mask(e.Response)
			r.Request, r.Response = &req, &resp
		}
		n++
		if enc != nil {
			return enc.Encode(r)
		}
		rec := []string{fmt.Sprint(r.ID), r.Time, r.Profile, r.Provider, r.Operation, fmt.Sprint(r.Status), r.Outcome,
			fmt.Sprint(r.ExitClass), fmt.Sprint(r.DurationMS), r.Method, r.URL, keyList(r.Keys), r.Error, r.Code, r.Message, "", "", r.Interrupted}
		if r.Settled != nil {
			rec[15], rec[16] = r.Settled.By, r.Settled.Outcome
		}
		if opts.Bodies {
			rec = append(rec, *r.Request, *r.Response)
		}
		for i := range rec {
			rec[i] = cell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		if n%500 == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	})
	if cw != nil {
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	}
	if historyshared.ReaderGone(err) {
		// The reader took what it wanted (| head): as for history list,
		// exit 0. A reader that failed says so by its own exit status.
		return nil
	}
	if err == nil && n == 0 {
		// Said whatever stderr is, as history list says it: an export
		// redirected to a file (2>err.txt) is where an empty result most
		// needs a reason. Still exit 0: an empty export is a result.
		historyshared.Empty(opts.Ctx, opts.IO.ErrOut, st, f, opts.Since, opts.Until, "nothing exported", "exports")
	}
	return err
}

// cell keeps a spreadsheet from reading a value as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func keyList(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
