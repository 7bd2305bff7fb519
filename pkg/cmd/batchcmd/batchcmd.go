// Package batchcmd wires the batch engine (pkg/batch) into commands: the
// --batch flags, the input file, rate limits, the confirmation of acts,
// the progress bar, the summary and the exit code. Each command adds the
// flags and, in its RunE, hands an Adapter to Run.
package batchcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
	"golang.org/x/time/rate"
)

// Flags are the batch flags of one command.
type Flags struct {
	File        string
	InputFormat string
	Concurrency int
	Unordered   bool
	Resume      bool
	Rate        string
	// Again is vin-report buy's --again, applied to every line.

	// SettledByHand says the command's acts cannot be settled by
	// --resume alone (eBao has no look-up: its Resolve only reads the
	// journal), so the summary sends the user to each line's hint
	// rather than round in a --resume loop.
	SettledByHand bool
}

// AddFlags adds --batch and its companions to cmd.
func AddFlags(cmd *cobra.Command) *Flags {
	fl := &Flags{}
	fl.Add(cmd)
	return fl
}

// Add adds the flags to cmd, bound to fl (for a command whose Args
// checker needs fl before the flags exist).
func (fl *Flags) Add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&fl.File, "batch", "", "Run once per line of FILE (JSON Lines or CSV with a header row; - for stdin), printing one JSON line per input line")
	f.StringVar(&fl.InputFormat, "input-format", "", "Format of the --batch input: jsonl or csv (default: from the file name, else the first character)")
	f.IntVar(&fl.Concurrency, "concurrency", 4, "Requests in flight at once with --batch")
	f.BoolVar(&fl.Unordered, "unordered", false, "With --batch, print results as they finish instead of in input order")
	f.BoolVar(&fl.Resume, "resume", false, "With --batch, skip lines an earlier run of the same batch finished, resolving unknown outcomes first")
	f.StringVar(&fl.Rate, "rate", "", "With --batch, at most this many requests: N/s, N/m or N/h, or a bare N per second (default: the profile's defaults.rate, else unlimited besides the provider's daily quota, which counts this profile's requests sent earlier today)")
}

// Enabled reports whether --batch was given.
func (fl *Flags) Enabled() bool { return fl != nil && fl.File != "" }

// Args is cmdutil.ExactArgs(n), or no arguments with --batch (the
// arguments come from the lines).
func Args(n int, fl *Flags) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if fl.Enabled() {
			return cmdutil.NoArgs(cmd, args)
		}
		return cmdutil.ExactArgs(n)(cmd, args)
	}
}

// Check refuses the batch flags without --batch, so a misplaced flag is
// not silently ignored.
func (fl *Flags) Check(cmd *cobra.Command) error {
	if fl.Enabled() {
		return nil
	}
	for _, n := range []string{"input-format", "concurrency", "unordered", "resume", "rate"} {
		if cmd.Flags().Changed(n) {
			return cmdutil.FlagErrorf("--%s works only with --batch FILE", n)
		}
	}
	return nil
}

// Run runs a batch for cmd with the adapter a and returns the error that
// carries the batch's exit code (the lines and the summary are already
// printed).
func Run(cmd *cobra.Command, f *cmdutil.Factory, fl *Flags, a batch.Adapter) error {
	ctx := cmd.Context()
	ios := f.IOStreams
	g := f.Globals
	g.Batch = true // no single request's waiting note under the progress bar
	if g.JQ != "" || g.Template != "" {
		return cmdutil.FlagErrorf("--batch prints JSON Lines; filter them with jq instead of --jq or --template")
	}
	if g.Output != "" && g.Output != "json" {
		// Silently printing JSON Lines for -o table would surprise; say so.
		return cmdutil.FlagErrorf("--batch prints JSON Lines, one object per input line; -o %s is not available with it (leave -o out, or -o json)", g.Output)
	}
	// Each says the rule and a good value, as a bad --rate does; they
	// said only the rule.
	if fl.Concurrency < 1 || fl.Concurrency > 64 {
		return &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("--concurrency must be between 1 and 64 (got %d); nothing was sent", fl.Concurrency),
			Hint:    "for example --concurrency 4 (the default), or --concurrency 1 to send one line at a time"}
	}
	format := fl.InputFormat
	if format != "" && format != batch.FormatJSONL && format != batch.FormatCSV {
		return &failure.Error{Kind: failure.Usage,
			Message: fmt.Sprintf("--input-format must be jsonl or csv, in lower case (got %q); nothing was sent", format),
			Hint:    "for example --input-format csv for a header row and comma-separated values, --input-format jsonl for one JSON object a line; leave it out to go by the file's extension"}
	}
	dryRun := g.DryRun || g.Curl
	prof, err := f.Profile()
	if err != nil {
		return err
	}
	rateSpec := fl.Rate
	if rateSpec == "" {
		rateSpec = prof.Value(config.DefaultsSection, "rate")
	}
	// Checked here, before anything is asked or read; the daily quota's
	// bucket is built again below, less what was sent today.
	limiters, err := Limiters(a.Provider, a.Operation, rateSpec, 0)
	if err != nil {
		return err
	}
	if dryRun {
		// Nothing is sent: neither --rate nor a daily quota applies. With
		// the quota's bucket a dry run of more than a day's calls stalled,
		// one line every few seconds, spending nothing.
		limiters = nil
	}
	stdout := ios.Out
	if dryRun {
		// The shared HTTP client prints each signed request to the
		// factory's stdout; in a batch stdout is the JSON Lines, so the
		// renderings are dropped and each line says dry_run. The client
		// may be built by Check, so this comes first.
		ios.Out = io.Discard
		defer func() { ios.Out = stdout }()
	}
	if a.Check != nil {
		if err := a.Check(); err != nil {
			return err
		}
	}
	withProfileHints(f, &a)

	var in io.Reader
	total := int64(-1)
	name := fl.File
	// finite: the input is a regular file, which cannot stall (a signal
	// still lets every line of it be written, as not attempted).
	finite := false
	if fl.File == "-" {
		in = ios.In
		name = "stdin"
		if file, ok := in.(*os.File); ok {
			st, err := file.Stat()
			finite = err == nil && st.Mode().IsRegular()
			if finite {
				// `< cars.csv` is a file too: checked whole as --batch
				// cars.csv is, from where stdin stands, then put back.
				if err := checkUTF8(file); err != nil {
					return err
				}
			}
		}
	} else {
		file, err := os.Open(fl.File)
		if err != nil {
			return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--batch %s: %v; nothing was sent", fl.File, errors.Unwrap(err))}
		}
		defer file.Close()
		st, err := file.Stat()
		if err == nil && st.IsDir() {
			return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--batch %s is a directory, not a file of requests; nothing was sent", fl.File),
				Hint: "name a JSON Lines or CSV file (--batch cars.csv), or - for stdin"}
		}
		if err == nil && st.Mode().IsRegular() {
			finite = true
			if format == "" {
				format = batch.DetectFormat(fl.File, bufioReader(file))
				_, _ = file.Seek(0, io.SeekStart)
			}
			n, err := batch.CountRecords(file, format)
			if errors.Is(err, batch.ErrNotUTF8) {
				// Refused whole, before anything is sent (or asked).
				return err
			}
			if err == nil {
				total = n
			}
			if _, err := file.Seek(0, io.SeekStart); err != nil {
				return err
			}
		}
		in = file
	}
	if a.Act && !dryRun {
		count := "every line"
		switch {
		case total == 1:
			count = "1 line"
		case total >= 0:
			count = fmt.Sprintf("%d lines", total)
		}
		q := fmt.Sprintf("Run insure %s for %s of %s (profile %s)?", a.Command, count, name, prof.Name)
		if err := confirm(ios, f.Prompter, g.Yes, fl.File == "-", q); err != nil {
			return err
		}
	}
	if fl.File == "-" && ios.IsStdinTTY() {
		// Otherwise the command looks hung, waiting for what is typed.
		fmt.Fprintln(ios.ErrOut, "batch: reading requests from the terminal, one per line (JSON, or CSV after a header line); end with Ctrl-D")
	}
	if format == "" {
		format, in = batch.DetectFormatReader(name, in)
	}

	o := batch.Options{Adapter: a, Profile: prof.Name, In: in, Format: format, Concurrency: fl.Concurrency,
		Unordered: fl.Unordered, Limiters: limiters, Out: stdout, Resume: fl.Resume, Grace: g.Timeout, Source: fl.File, Finite: finite}
	if o.Grace <= 0 {
		o.Grace = 30 * time.Second
	}
	var st *store.Store
	if !dryRun {
		if st, err = f.Store(); err != nil {
			return err
		}
		if o.Limiters, err = todaysLimiters(ctx, st, prof.Name, a, rateSpec, ios.ErrOut); err != nil {
			return err
		}
		// The lines' journal rows, records and results are written behind
		// (store.WriteBehind): no request in flight waits for a commit.
		defer st.WriteBehind()()
		o.Journal = journal{st}
	}
	o.Notices = ios.ErrOut
	if ios.IsStderrTTY() {
		b := newBar(ios.ErrOut, total)
		o.Progress = b
		o.Notices = b.above(ios.ErrOut)
		if ios.IsStdoutTTY() {
			o.Out = b.above(o.Out)
		}
	}
	// The limit keeps the peak where docs/performance.md says it is.
	defer cmdutil.TuneGC(20 << 20)()
	// A reader that goes away (| head) must not kill the batch by SIGPIPE
	// with lines in flight and their rows still queued: with the signal
	// ignored the write fails instead, the batch stops taking lines,
	// finishes and records those in flight, and says how to resume.
	cmdutil.IgnoreSIGPIPE()
	sum, err := batch.Run(ctx, o)
	if st != nil {
		// The summary is printed once every line's rows are committed.
		_ = st.Flush(context.WithoutCancel(ctx))
		noteLostRecords(sum, st)
	}
	if err != nil {
		err = cmdutil.WithInterrupt(ctx, err)
	}
	printSummary(ios, sum, cmd, prof.Name, cmdutil.InterruptOf(ctx), err, a.Act && (a.Resolve == nil || fl.SettledByHand))
	if err != nil {
		return err
	}
	if sum.ExitCode == 0 && cmdutil.InterruptOf(ctx) == nil {
		return nil
	}
	res := &failure.Error{Kind: kindOf(sum.ExitCode), Message: "the batch had failures", Reported: true}
	if in := cmdutil.InterruptOf(ctx); in != nil {
		return &cmdutil.Interrupted{Signal: in.Signal, Err: res}
	}
	return res
}

// todaysLimiters are the batch's Limiters with the daily quota's bucket
// less the requests of the operation this profile sent today (the
// provider's day), as the journal holds them: the bucket started full in
// every process, so a batch an hour spent several days' quota in a day.
// When the journal cannot be read, the quota counts from this run only,
// and w says so.
func todaysLimiters(ctx context.Context, st *store.Store, profile string, a batch.Adapter, rateSpec string, w io.Writer) ([]*rate.Limiter, error) {
	sent, err := SentToday(ctx, st, profile, a.Provider, a.Operation, time.Now())
	if err != nil {
		fmt.Fprintf(w, "batch: could not count today's %s requests in the journal (%v): the daily quota counts from this run only\n", a.Operation, err)
		sent = 0
	}
	if q := DailyQuota(a.Provider, a.Operation); q > 0 && sent >= q {
		fmt.Fprintln(w, quotaSpent(profile, a.Operation, sent, q))
	}
	return Limiters(a.Provider, a.Operation, rateSpec, sent)
}

// noteLostRecords puts in the summary the records the store could not
// write behind the lines (a disk that filled up mid-batch): the results
// printed are what happened, but --resume, history and find do not know
// those lines, and the batch said "ok" for all of them with its exit 0.
// Such a batch exits 1 (a local error) unless its lines already set a
// more severe code.
func noteLostRecords(sum *batch.Summary, st *store.Store) {
	n, err := st.LostWrites()
	if sum == nil || n == 0 {
		return
	}
	sum.RecordsLost, sum.RecordsLostErr = n, err
	if batch.Severity(failure.ExitUnexpected) > batch.Severity(sum.ExitCode) {
		sum.ExitCode = failure.ExitUnexpected
	}
}

// withProfileHints gives the commands in each line's hint this run's -p
// and --config, as cmd/insure does for a single command's error
// (cmdutil.RewriteHints): a line's error is printed in its output line and
// never reaches it, and a hint pasted without the profile fails with "no
// profile selected" or runs against another profile.
func withProfileHints(f *cmdutil.Factory, a *batch.Adapter) {
	if run := a.Run; run != nil {
		a.Run = func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			res, err := run(ctx, rec)
			return res, cmdutil.RewriteHints(f, err)
		}
	}
	if resolve := a.Resolve; resolve != nil {
		a.Resolve = func(ctx context.Context, rec *batch.Record) (json.RawMessage, bool, error) {
			res, found, err := resolve(ctx, rec)
			return res, found, cmdutil.RewriteHints(f, err)
		}
	}
	if hint := a.CheckHint; hint != nil {
		a.CheckHint = func(rec *batch.Record) string {
			fe := &failure.Error{Hint: hint(rec)}
			_ = cmdutil.RewriteHints(f, fe)
			return fe.Hint
		}
	}
}

func kindOf(code int) failure.Kind {
	for k := failure.Unexpected; k <= failure.ActDoneOutputFailed; k++ {
		if k.ExitCode() == code {
			return k
		}
	}
	return failure.Unexpected
}

// checkUTF8 refuses a seekable stdin holding a line that is not UTF-8,
// before anything is sent, and puts the read position back.
func checkUTF8(file *os.File) error {
	at, err := file.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil // not seekable after all: checked a line at a time
	}
	_, err = batch.CountRecords(file, batch.FormatJSONL)
	if _, serr := file.Seek(at, io.SeekStart); serr != nil {
		return serr
	}
	if errors.Is(err, batch.ErrNotUTF8) {
		return err
	}
	return nil
}
