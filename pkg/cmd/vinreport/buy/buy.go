// Package buy implements `insure vin-report buy`.
package buy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
	"golang.org/x/sync/singleflight"
)

// Options for `vin-report buy`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*paoding.Client, *config.Profile, error)
	Store         func() (*store.Store, error)
	Prompter      func() prompter.Prompter
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	Yes           bool
	DryRun        bool
	// Again allows a new purchase for a vehicle bought within a day.
	Again bool
	// Timeout is --timeout: each request's limit; after an unknown
	// outcome the order is looked up for twice as long.
	Timeout time.Duration

	Request paoding.BuyRequest
	// Hint builds the next-step commands printed after a purchase.
	Hint cmdutil.Hinter
	// batchLine is set for a --batch line: which line it is, and the
	// vehicles the input's other lines are buying (dupes.go).
	batchLine *batchLine
}

// Result is what a purchase prints.
type Result struct {
	OrderID          string `json:"orderId"`
	PlatformOrderNum string `json:"platformOrderNum"`
	Status           string `json:"status"`
	Remark           string `json:"remark"`
	VIN              string `json:"vin,omitempty"`
	Image            string `json:"image,omitempty"`
	BrandFactoryID   int    `json:"brandFactoryId,omitempty"`
	// Resolved says the network failed but a lookup found the order.
	Resolved bool `json:"resolvedAfterNetworkFailure,omitempty"`
	// AlreadyPlaced says the platform refused the order id as used
	// (30020) and a lookup found that order: bought before, not now.
	AlreadyPlaced bool `json:"alreadyPlaced,omitempty"`
}

// NewCmdBuy builds the command.
func NewCmdBuy(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, Prompter: f.Prompter, OutputOptions: f.OutputOptions, Now: f.Now,
		Client: f.Paoding}
	var bfl *batchcmd.Flags
	cmd := &cobra.Command{
		Use:   "buy (--vin VIN --brand-factory ID [--engine NO] | --image URL) [--order-id ID] [--notify-url URL]",
		Short: "Buy a 4S maintenance report for a vehicle",
		Long: `Order a maintenance report by VIN (with its brand factory) or by a photo of
the driving licence. The report is produced asynchronously: fetch it with
insure vin-report get ORDER_ID (add --wait to poll), or receive Paoding's
notification at --notify-url (see insure vin-report listen).

Everything is checked before anything is sent: the VIN (17 characters, no
I, O or Q), the engine number when the brand factory needs one (from the
cached factory list), and the document's length limits. The order id
defaults to a new unique id, printed in the result. Buying costs money, so
--yes is required when stdin is not a terminal.`,
		Example: `  insure -p sandbox vin-report buy --vin LSVAU2180N2183294 \
    --brand-factory 20 --yes
  insure vin-report buy --image https://example.com/licence.jpg \
    --order-id ACME-0001`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			opts.Yes, opts.DryRun, opts.Timeout = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl, f.Globals.Timeout
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if err := checkBatchFlags(cmd, bfl); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Request.VIN, "vin", "", "Vehicle identification number (17 characters)")
	fl.StringVar(&opts.Request.EngineNum, "engine", "", "Engine number (required by some brand factories)")
	fl.IntVar(&opts.Request.BrandFactoryID, "brand-factory", 0, "Brand factory id (see insure vin-report factories)")
	fl.StringVar(&opts.Request.Image, "image", "", "URL of a driving-licence photo, instead of --vin")
	fl.StringVar(&opts.Request.OrderID, "order-id", "", "Your unique order id (default: generated)")
	fl.BoolVar(&opts.Again, "again", false, "Buy although this vehicle was bought within the last day")
	bfl = batchcmd.AddFlags(cmd)
	fl.StringVar(&opts.Request.NotifyURL, "notify-url", "", "URL Paoding notifies when the report is ready (default: the profile's paoding.notify-url)")
	_ = cmd.RegisterFlagCompletionFunc("brand-factory", func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return shared.CompleteFactoryIDs(c.Context(), f), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// NewOrderID makes a unique order id: a readable time plus randomness, well
// under the 50-character limit.
func NewOrderID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "INS" + now.Format("20060102150405") + hex.EncodeToString(b)
}

// Run validates, confirms and buys.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, prof, err := opts.Client()
	if err != nil {
		return err
	}
	req := opts.Request
	if req.OrderID == "" {
		req.OrderID = NewOrderID(opts.Now())
	}
	if req.NotifyURL == "" {
		req.NotifyURL = prof.Value(paoding.Provider, "notify-url")
	}
	// Check what needs no lookup first, so bad input never costs a request.
	if err := req.Validate(nil); err != nil {
		return withNotifyHint(err)
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	factory, err := lookupFactory(ctx, opts, c, st, prof.Name, req)
	if err != nil {
		return err
	}
	if err := req.Validate(factory); err != nil {
		return err
	}
	if factory != nil && !factory.Usable {
		fmt.Fprintf(opts.IO.ErrOut, "%s brand factory %d is marked unusable in the cached list; Paoding will probably refuse it (30030)\n", opts.IO.ErrColorScheme().WarningIcon(), req.BrandFactoryID)
	}
	// One record per car and profile, written before the order is sent:
	// an unresolved earlier purchase lends its order id, so the platform's
	// duplicate check (30020) stands between a rerun and a second report.
	var ledger *purchases
	question := describe(req, factory)
	if !opts.DryRun {
		ledger = &purchases{st: st, profile: prof.Name, key: purchaseKey(req)}
		if l := opts.batchLine; l != nil {
			// A line repeating the vehicle or order id of an earlier line
			// of the same input waits for that line to end, and is
			// refused if it may have bought (dupes.go): that line's
			// in-flight entry is not an earlier unknown purchase.
			if err := l.wait(req); err != nil {
				return err
			}
			ledger.run, ledger.line = l.claims.run, l.line
			l.ledger = ledger
		}
		prev, err := ledger.get(ctx)
		if err != nil {
			return err
		}
		if err := opts.batchLine.sameInput(prev, req); err != nil {
			return err
		}
		switch {
		case prev != nil && prev.State == stateInFlight:
			if opts.Request.OrderID != "" && opts.Request.OrderID != prev.OrderID {
				return &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: paoding.OpReportBuy,
					Message: fmt.Sprintf("an earlier purchase of this vehicle, order %s, has an unknown outcome; nothing was sent", prev.OrderID),
					Hint: fmt.Sprintf("run the command without --order-id to retry that purchase safely (the order id is reused), or check it first: %s",
						getCommand(prof.Name, prev.OrderID))}
			}
			req.OrderID = prev.OrderID
			ledger.reusing = true
			fmt.Fprintf(opts.IO.ErrOut, "An earlier purchase of this vehicle (order %s) has an unknown outcome: reusing its order id, so it cannot be bought twice.\n", req.OrderID)
		case prev != nil && prev.State == statePlaced && opts.Now().Sub(prev.PlacedAt) < againWindow:
			if !opts.Again {
				return &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: paoding.OpReportBuy,
					Message: fmt.Sprintf("order %s bought a report for this vehicle at %s; nothing was sent", prev.OrderID, output.Time(prev.PlacedAt)),
					Hint:    fmt.Sprintf("see that report with `%s`, or pass --again to buy another (in a script: --yes --again)", getCommand(prof.Name, prev.OrderID))}
			}
			question = fmt.Sprintf("Order %s bought a report for this vehicle at %s. %s", prev.OrderID, output.Time(prev.PlacedAt), question)
		}
		ledger.prev = prev
	}
	if !opts.DryRun {
		if req.OrderID != "" {
			// The id the order goes out under (an unresolved earlier
			// purchase's, when reused): what `vin-report get` takes.
			question = strings.TrimSuffix(question, "?") + " as order " + req.OrderID + "?"
		}
		if err := failure.Naming(cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, question), paoding.Provider, paoding.OpReportBuy); err != nil {
			return err
		}
		if err := ledger.put(ctx, purchase{OrderID: req.OrderID, State: stateInFlight, VIN: req.VIN, Image: req.Image,
			BrandFactoryID: req.BrandFactoryID, SentAt: opts.Now(), Run: ledger.run, Line: ledger.line}); err != nil {
			return fmt.Errorf("recording the purchase before sending it: %w; nothing was sent", err)
		}
		opts.batchLine.sending()
	}
	sent := time.Now() // the transport's clock, which times the journal's row
	res, raw, err := c.BuyReport(ctx, req)
	resolved, alreadyPlaced := false, false
	if err != nil {
		if errors.Is(err, httpx.ErrDryRun) {
			return err
		}
		report, rerr := settle(ctx, opts, c, ledger, prof.Name, req, err)
		journalSettled(ctx, st, prof.Name, req, sent, err, report, ledger)
		if rerr != nil {
			return rerr
		}
		res = &paoding.BuyResult{Status: "success", PlatformOrderNum: report.PlatformOrderID,
			Remark: "the order exists: confirmed by looking it up"}
		raw, resolved = nil, true
		if hasCode(err, "30020") {
			// Nothing failed on the way: the platform refused the order
			// id as used, by an earlier attempt or another process, and
			// the look-up found that order. This run bought nothing.
			alreadyPlaced, resolved = true, false
			res.Remark = paoding.Text("order id " + req.OrderID + " was already used by an earlier purchase: the order exists (confirmed by looking it up); this run bought nothing")
		}
	}
	out := Result{OrderID: req.OrderID, PlatformOrderNum: res.PlatformOrderNum.String(), Status: res.Status.String(), Remark: res.Remark.String(),
		VIN: req.VIN, Image: req.Image, BrandFactoryID: req.BrandFactoryID, Resolved: resolved, AlreadyPlaced: alreadyPlaced}
	_ = ledger.placed(ctx, req, out.PlatformOrderNum, opts.Now())
	if ledger != nil && ledger.reusing && !resolved && !alreadyPlaced {
		// The reused order id was still free, so the earlier attempt
		// never placed it (it cannot now: the platform refuses a used
		// id): its unknown outcome is settled as not bought.
		_, _ = st.Settle(ctx, store.Settlement{Profile: prof.Name, Provider: paoding.Provider, Operation: paoding.OpReportBuy,
			Key: req.OrderID, Outcome: store.OutcomeFailed, By: "re-run"})
	}
	body, _ := json.Marshal(out)
	_ = st.PutRecord(ctx, store.Record{Profile: prof.Name, Provider: paoding.Provider, Kind: "order", ID: req.OrderID, Body: body})
	if err := cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: out, Raw: raw, XMLRoot: "order", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("order id", out.OrderID)
		kv.Add("platform order", out.PlatformOrderNum)
		kv.Add("status", out.Status)
		if out.Remark != "" {
			kv.Add("remark", out.Remark)
		}
		return kv.Render(w)
	}}, boughtSummary(out)); err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "%s Ordered. Fetch the report with: %s\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.Hint.Command("vin-report get", out.OrderID, "--wait"))
	}
	return nil
}

// boughtSummary is the one line a terminal shows of a purchase.
func boughtSummary(r Result) string {
	if r.AlreadyPlaced {
		return "order " + r.OrderID + " was bought earlier (platform order " + r.PlatformOrderNum + "); nothing was bought now"
	}
	return "bought order " + r.OrderID + " (platform order " + r.PlatformOrderNum + ")"
}

// spellDuration writes d in words ("4 seconds", "1 minute", "500
// milliseconds"): "4s" next to a 4S report reads like the report's name.
func spellDuration(d time.Duration) string {
	plural := func(n float64, unit string) string {
		s := strconv.FormatFloat(n, 'f', -1, 64) + " " + unit
		if n != 1 {
			s += "s"
		}
		return s
	}
	switch {
	case d < time.Second:
		return plural(float64(d.Round(time.Millisecond)/time.Millisecond), "millisecond")
	case d < time.Minute || d%time.Minute != 0:
		return plural(d.Round(100*time.Millisecond).Seconds(), "second")
	default:
		return plural(d.Minutes(), "minute")
	}
}

func getCommand(profile, orderID string) string {
	return fmt.Sprintf("insure -p %s vin-report get %s", profile, orderID)
}

func lookupFactory(ctx context.Context, opts *Options, c *paoding.Client, st *store.Store, profile string, req paoding.BuyRequest) (*paoding.BrandFactory, error) {
	if req.VIN == "" {
		return nil, nil
	}
	cat, err := shared.LoadCatalogue(ctx, st, profile)
	if err != nil {
		return nil, err
	}
	if bf := cat.Find(req.BrandFactoryID); bf != nil {
		return bf, nil
	}
	if opts.DryRun {
		fmt.Fprintf(opts.IO.ErrOut, "brand factory %d is not cached; the engine-number rule was not checked\n", req.BrandFactoryID)
		return nil, nil
	}
	// The lines of a batch in flight before the first answer all miss the
	// cache: one of them asks, the others wait for its answer, so a batch
	// spends one brandFactory.get of the day's quota, as it opens one
	// token.
	v, err, _ := factoryLookups.Do(profile+"\x00"+strconv.Itoa(req.BrandFactoryID), func() (any, error) {
		bf, _, err := c.BrandFactory(ctx, req.BrandFactoryID)
		if err != nil {
			return nil, err
		}
		cat.Keep(*bf)
		_ = cat.Save(ctx, st, profile)
		return bf, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*paoding.BrandFactory), nil
}

// factoryLookups shares one brand factory look-up among the lines that
// need it at once.
var factoryLookups singleflight.Group

func describe(req paoding.BuyRequest, f *paoding.BrandFactory) string {
	if req.Image != "" {
		return "Buy a 4S report from the licence photo " + req.Image + "?"
	}
	s := "Buy a 4S report for VIN " + req.VIN + " (brand factory " + strconv.Itoa(req.BrandFactoryID)
	if f != nil {
		s += " " + f.BrandFactoryName.String()
		if f.Price != "" {
			s += ", " + f.Price.String() + " yuan"
		}
	}
	return s + ")?"
}

func withNotifyHint(err error) error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			if f.Field == "notifyUrl" {
				fe.Hint = "pass --notify-url, or set a default: insure profile add NAME --set paoding.notify-url=URL (insure vin-report listen can receive notifications)"
			}
		}
	}
	return err
}

func hasCode(err error, code string) bool {
	var fe *failure.Error
	return errors.As(err, &fe) && fe.Code == code
}
