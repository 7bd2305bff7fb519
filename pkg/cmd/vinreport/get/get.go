// Package get implements `insure vin-report get ORDER_ID`.
package get

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report get`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*paoding.Client, error)
	OutputOptions func() (output.Options, error)
	// Store is the local store, where a 30080's order id is looked for
	// as another order's platform number; nil: not looked for.
	Store func() (*store.Store, error)
	// Sleep waits between polls; it returns early with ctx's error when
	// ctx ends (Ctrl-C).
	Sleep func(ctx context.Context, d time.Duration) error

	OrderID      string
	Wait         bool
	WaitTimeout  time.Duration
	PollInterval time.Duration
}

// NewCmdGet builds the command.
func NewCmdGet(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions, Sleep: sleep, Store: f.Store,
		Client: func() (*paoding.Client, error) {
			c, _, err := f.Paoding()
			return c, err
		}}
	bfl := &batchcmd.Flags{}
	cmd := &cobra.Command{
		Use:   "get ORDER_ID | --batch FILE",
		Short: "Show a bought report: checks, maintenance records and claims",
		Long: `Fetch the report of an order. On a terminal it is laid out for reading: the
status, mileage and last visit, the ten checks with abnormal ones
highlighted, the maintenance records and the claim history with amounts in
yuan. -o json prints the record exactly as Paoding sent it.

While the report is being generated the status is "generating"; --wait
polls until it is done or --wait-timeout has passed, sleeping --interval
between polls. --interval is at least 1s, as each poll counts against
the daily quota of report.get; --interval and --wait-timeout work only
with --wait.

With --batch, each input line names one order in the column order_id (or
orderId): CSV with a header row, or JSON Lines.`,
		Example: `  insure -p sandbox vin-report get INS20261123093000a1b2c3d4 --wait
  insure vin-report get ORDER_ID --wait --interval 10s --wait-timeout 5m
  insure vin-report get ORDER_ID -o json --jq '.claimReport.claimCount'`,
		Args: batchcmd.Args(1, bfl),
		// The orders bought here come described as cancel's policies are
		// (status and date); after them the ids only the journal knows
		// (an order looked up but bought elsewhere), bare.
		ValidArgsFunction: cmdutil.FirstArgOnly(func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			out, directive := cmdutil.CompleteRecords(f, paoding.Provider, "order")(c, args, prefix)
			bought := map[string]bool{}
			for _, o := range out {
				id, _, _ := strings.Cut(o, "\t")
				bought[id] = true
			}
			for _, id := range shared.CompleteOrderIDs(c.Context(), f) {
				if !bought[id] {
					out = append(out, id)
				}
			}
			return out, directive
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if err := checkWaitFlags(cmd, opts); err != nil {
				return err
			}
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			opts.OrderID = args[0]
			if n := utf8.RuneCountInString(opts.OrderID); n > paoding.MaxOrderIDLength {
				return cmdutil.FlagErrorf("ORDER_ID is at most %d characters (got %d)", paoding.MaxOrderIDLength, n)
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	bfl.Add(cmd)
	cmd.Flags().BoolVar(&opts.Wait, "wait", false, "Poll until the report is no longer being generated")
	cmd.Flags().DurationVar(&opts.WaitTimeout, "wait-timeout", 2*time.Minute, "With --wait, give up waiting after this long")
	cmd.Flags().DurationVar(&opts.PollInterval, "interval", 2*time.Second, "With --wait, time between polls (at least 1s)")
	return cmd
}

// MinPollInterval is the shortest --interval: every poll is a report.get
// call against its daily quota.
const MinPollInterval = time.Second

// checkWaitFlags refuses the polling flags without --wait, as
// batchcmd.Check does the batch flags, so that a user expecting
// `--interval 5s` alone to poll learns that nothing would.
func checkWaitFlags(cmd *cobra.Command, opts *Options) error {
	if !opts.Wait {
		for _, fl := range []struct{ name, example string }{{"interval", "5s"}, {"wait-timeout", "5m"}} {
			if cmd.Flags().Changed(fl.name) {
				return cmdutil.FlagErrorf("--%s works only with --wait: without it the report is fetched once; to poll, e.g. insure vin-report get ORDER_ID --wait --%s %s",
					fl.name, fl.name, fl.example)
			}
		}
		return nil
	}
	if opts.PollInterval < MinPollInterval {
		return cmdutil.FlagErrorf("--interval %s: give at least %s between polls, e.g. --interval 5s (each poll counts against report.get's daily quota)", opts.PollInterval, MinPollInterval)
	}
	if opts.WaitTimeout <= 0 {
		return cmdutil.FlagErrorf("--wait-timeout %s: give a positive duration, e.g. --wait-timeout 5m", opts.WaitTimeout)
	}
	return nil
}

// sleep waits d, or less when ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Run fetches (and with --wait, polls) the report.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, err := opts.Client()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(opts.WaitTimeout)
	var report *paoding.Report
	var raw []byte
	for {
		report, raw, err = c.GetReport(ctx, opts.OrderID)
		if err != nil {
			return platformNumberHint(ctx, opts, err)
		}
		if report.Ready() || !opts.Wait {
			break
		}
		if time.Now().After(deadline) {
			return &failure.Error{Kind: failure.Network, Provider: paoding.Provider, Operation: paoding.OpReportGet,
				Message: fmt.Sprintf("the report of %s was still being generated after %s", opts.OrderID, opts.WaitTimeout),
				Hint:    "run the same command again later, or raise --wait-timeout"}
		}
		if opts.IO.IsStderrTTY() {
			fmt.Fprintf(opts.IO.ErrOut, "report %s is being generated; checking again in %s\n", opts.OrderID, opts.PollInterval)
		}
		if err := opts.Sleep(ctx, opts.PollInterval); err != nil {
			// Network, as a request cut short by Ctrl-C is; the signal
			// makes the exit code 130 or 143.
			return &failure.Error{Kind: failure.Network, Provider: paoding.Provider, Operation: paoding.OpReportGet,
				Message: fmt.Sprintf("stopped waiting: the report of %s was still being generated", opts.OrderID),
				Hint:    "run `insure vin-report get " + opts.OrderID + " --wait` again to resume waiting; nothing was bought or lost", Err: err}
		}
	}
	// A finished order without a report (status 3 or 4) is exit 4: the
	// table still shows what came back; JSON gets the error document.
	outcome := report.Outcome()
	if outcome != nil && oo.Format != "table" && !(oo.Format == "raw" && oo.JQ == "" && oo.Template == "") {
		return outcome
	}
	var data any = report
	if d := shared.DataOf(raw); d != nil {
		data = d
	}
	err = output.Print(opts.IO.Out, oo, output.Result{Data: data, Raw: raw, XMLRoot: "report", Table: func(w io.Writer) error {
		return RenderFor(w, opts.IO.ColorScheme(), report, opts.IO.IsStdoutTTY())
	}})
	if err != nil {
		return err
	}
	if !report.Ready() && opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "still being generated: add --wait to poll until it is ready\n")
	}
	return outcome
}
