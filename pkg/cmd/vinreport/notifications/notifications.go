// Package notifications implements `insure vin-report notifications`:
// the Paoding notifications `vin-report listen` recorded, for support.
package notifications

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report notifications`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	Now           func() time.Time

	OrderID string
	// Since and Until are as given (a duration before now or a time);
	// From and To are what they were read as.
	Since, Until string
	From, To     time.Time
	Limit        int
}

// defaultLimit is how many a list shows unless --limit says otherwise.
const defaultLimit = 30

// NewCmdNotifications builds the command.
func NewCmdNotifications(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "notifications",
		Short: "List the report notifications vin-report listen recorded, newest first",
		Long: `List the notifications Paoding sent to ` + "`insure vin-report listen`" + ` and that it
recorded in the local store, newest first: when each first arrived, the
order, the status it announced (1 generating, 2 found, 3 failed, 4 no
record), Paoding's own order number, and how many times it came (Paoding
repeats a notification it thinks was not received; a repeat is counted,
not listed again).

Only notifications this machine's listener answered "success" are here.
Paoding does not sign its notifications, so confirm one with
` + "`insure vin-report get ORDER_ID`" + ` before acting on it.

--since and --until take a duration before now (30m, 24h, 7d, 2w),
today or yesterday (the start of the day), an RFC 3339 time, a time as
this list prints it (2026-11-30 18:01:12 +08:00), or a local date or
time (2026-11-30, 2026-11-30 18:00). When --limit cut the list, stderr
says so.

Times show in the local zone with its offset; JSON carries them as
RFC 3339. A table on a terminal, JSON in a pipe, unless -o says otherwise;
--jq and --template apply to the JSON.`,
		Example: `  insure vin-report notifications
  insure vin-report notifications --order-id ORD-20250310-0001
  insure vin-report notifications --since 24h \
    --jq '.[] | select(.status == "2") | .orderId'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if opts.Limit < 0 {
				return cmdutil.FlagErrorf("--limit must be 0 (all) or more (got %d), e.g. --limit 100", opts.Limit)
			}
			opts.OrderID = strings.TrimSpace(opts.OrderID)
			if n := len([]rune(opts.OrderID)); n > paoding.MaxOrderIDLength {
				return cmdutil.FlagErrorf("--order-id must be at most %d characters, as at purchase (got %d), e.g. --order-id ORD-20250310-0001", paoding.MaxOrderIDLength, n)
			}
			now := time.Now
			if opts.Now != nil {
				now = opts.Now
			}
			var err error
			if opts.From, opts.To, err = historyshared.Window(opts.Since, opts.Until, now()); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.OrderID, "order-id", "", "Only the notifications of this order (the orderId of the purchase)")
	fl.StringVar(&opts.Since, "since", "", "Only notifications first received since: a duration (24h, 7d), an RFC 3339 time, or a local date or time")
	fl.StringVar(&opts.Until, "until", "", "Only notifications first received before: a duration (24h, 7d), an RFC 3339 time, or a local date or time")
	fl.IntVarP(&opts.Limit, "limit", "L", defaultLimit, "Maximum number of notifications, 0 for all")
	// It reads the local store only: the request flags mean nothing here.
	cmdutil.MarkSendsNothing(cmd)
	return cmd
}

// Row is one recorded notification as the list shows it. The body as
// received and its hash are left out: the body is the sender's, and may
// carry whatever else the sender put in it.
type Row struct {
	ReceivedAt      time.Time `json:"receivedAt"`
	LastAt          time.Time `json:"lastAt"`
	Count           int       `json:"count"`
	OrderID         string    `json:"orderId"`
	PlatformOrderID string    `json:"platformOrderId"`
	Status          string    `json:"status"`
	StatusText      string    `json:"statusText"`
}

// Run lists the notifications.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	recs, total, err := recorded(opts.Ctx, st, query{OrderID: opts.OrderID, Since: opts.From, Until: opts.To, Limit: opts.Limit})
	if err != nil {
		return fmt.Errorf("reading the notifications recorded in %s: %w", st.Path, err)
	}
	rows := make([]Row, 0, len(recs))
	for _, n := range recs {
		f := paoding.RecordedNotification(n.Body)
		rows = append(rows, Row{ReceivedAt: n.ReceivedAt, LastAt: n.LastAt, Count: n.Count, OrderID: n.OrderID,
			PlatformOrderID: f.PlatformOrderID, Status: f.Status, StatusText: f.StatusText()})
	}
	// An empty table prints nothing, as history list's: stderr says why.
	if len(rows) > 0 || oo.Format != "table" || oo.JQ != "" || oo.Template != "" {
		if err := output.Print(opts.IO.Out, oo, output.Result{Data: rows, XMLRoot: "notifications", Table: func(w io.Writer) error {
			return table(w, opts.IO.IsStdoutTTY(), rows)
		}}); err != nil {
			return err
		}
	}
	switch {
	case len(rows) == 0:
		empty(opts, st)
	case len(rows) < total:
		fmt.Fprintf(opts.IO.ErrOut, "%d of %d shown; --limit 0 for all\n", len(rows), total)
	}
	return nil
}

// table draws the rows: on a terminal without the last arrival (JSON
// and a pipe's table have it), and with the zone moved into the header
// when the rows are wider than the terminal.
func table(w io.Writer, tty bool, rows []Row) error {
	header := []string{"received", "order", "status", "platform order", "times", "last received"}
	if tty {
		header = header[:5]
	}
	cells := make([][]string, 0, len(rows))
	for _, r := range rows {
		row := []string{output.Time(r.ReceivedAt), shown(r.OrderID), shown(r.Status) + " " + r.StatusText, shown(r.PlatformOrderID), strconv.Itoa(r.Count), output.Time(r.LastAt)}
		cells = append(cells, row[:len(header)])
	}
	if tty {
		header = slices.Clone(header)
		historyshared.ZoneToHeader(header, cells, 0, output.TerminalWidth())
	}
	t := output.NewTable(tty, header...).Flexible("platform order").Whole(header[0], "order")
	for _, c := range cells {
		t.Row(c...)
	}
	return t.Render(w)
}

// shown is a sender's value as a cell shows it: as it is when it is
// plain text, else Go-quoted. Whoever reached the listener chose it, and
// the table keeps colour sequences (insure's own), so an orderId could
// otherwise colour the rest of the screen, or (a bidirectional override
// such as U+202E, a zero-width character) reverse the rest of its row or
// shift its columns. Printable is strconv's: letters, marks, numbers,
// punctuation, symbols and the ASCII space.
func shown(v string) string {
	if utf8.ValidString(v) && strings.IndexFunc(v, func(r rune) bool { return !strconv.IsPrint(r) }) < 0 {
		return v
	}
	return strconv.Quote(v)
}

// empty says on stderr why nothing was listed, so that an empty list is
// not taken for a broken one: nothing recorded at all, or nothing that
// matches the filters (named), with how many are recorded.
func empty(opts *Options, st *store.Store) {
	_, total, err := recorded(opts.Ctx, st, query{Limit: 1})
	if err != nil || total == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "no notifications recorded yet; `insure vin-report listen` records those Paoding sends to a purchase's notify URL")
		return
	}
	var filters []string
	for _, fl := range []struct{ flag, v string }{{"--order-id", opts.OrderID}, {"--since", opts.Since}, {"--until", opts.Until}} {
		if fl.v != "" {
			filters = append(filters, fl.flag+" "+fl.v)
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "no notifications recorded match %s; %d recorded in all\n", strings.Join(filters, " "), total)
}
