// Package listen implements `insure vin-report listen`: a local receiver
// for Paoding's asynchronous result notifications.
package listen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report listen`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx       context.Context
	IO        *iostreams.IOStreams
	Store     func() (*store.Store, error)
	Client    func() (*paoding.Client, error)
	Addr      string
	Count     int
	Reject    int
	Once      bool
	ForwardTo string
	Fetch     bool

	// Limits; zero picks the defaults in limits.go (tests shorten them).
	MaxConns                                                  int
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration

	// Ready receives the bound address (tests); Stop ends the listener.
	Ready func(addr string)
	Stop  <-chan struct{}
}

// Event is one received notification, printed as a JSON line.
type Event struct {
	Time            time.Time `json:"time"`
	Status          string    `json:"status"`
	StatusText      string    `json:"statusText"`
	OrderID         string    `json:"orderId"`
	PlatformOrderID string    `json:"platformOrderId"`
	Answer          string    `json:"answer"`
	// Duplicate: the same notification was recorded before (Paoding
	// repeated it); it is answered success and not forwarded or fetched.
	Duplicate  bool     `json:"duplicate"`
	Forward    *Forward `json:"forward,omitempty"`
	Report     any      `json:"report,omitempty"`
	FetchError string   `json:"fetch_error,omitempty"`

	body  []byte
	ctype string
}

// NewCmdListen builds the command.
func NewCmdListen(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, Client: func() (*paoding.Client, error) {
		c, _, err := f.Paoding()
		return c, err
	}}
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Receive Paoding's report-ready notifications and print them",
		Long: `Listen for the notifications Paoding POSTs to the notify URL of a purchase
when its report is ready, record each in the local store, print it as one
JSON line on stdout, and answer "success" so Paoding stops retrying. A
notification that cannot be recorded is answered with an error, so Paoding
sends it again. Paoding retries an unanswered notification every 5 minutes,
at most twice; a repeat of one already recorded is answered "success" and
printed with "duplicate": true. --reject N answers the first N with "fail"
to watch those retries happen (against insure sandbox serve).

Only POST bodies of at most 8 KiB are accepted, form-encoded (or without
a Content-Type) or a JSON object (multipart is refused with 415), carrying
status, orderId and platformOrderId (400 when
one is missing; a status other than 1 to 4 is kept and printed as
"unknown"). Paoding does not sign its notifications: anyone who can reach
the address can send one, so confirm a notification with --fetch or
` + "`insure vin-report get ORDER_ID`" + ` before acting on it. Slow clients
are cut off (5s for the headers, 10s for the whole request) and at most 32
connections are served at once.

--forward-to URL POSTs each new notification's body, as received, to URL
and reports the answer's status in the line's "forward" field; a failed
forward loses nothing, the notification stays recorded. --fetch fetches the
report of each new notification, as ` + "`insure vin-report get ORDER_ID`" + ` would,
into the line's "report" field.`,
		Example: `  insure vin-report listen --addr 127.0.0.1:8791
  insure vin-report listen --once | jq -r .orderId | xargs insure vin-report get
  insure vin-report listen --forward-to http://127.0.0.1:3000/paoding
  insure -p sandbox vin-report listen --fetch --once`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if opts.Count < 0 || opts.Reject < 0 {
				return cmdutil.FlagErrorf("--count and --reject cannot be negative")
			}
			if opts.ForwardTo != "" {
				u, err := url.Parse(opts.ForwardTo)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return cmdutil.FlagErrorf("--forward-to %q: give an absolute http or https URL, e.g. http://127.0.0.1:3000/notify", opts.ForwardTo)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8791", "Address to listen on")
	cmd.Flags().IntVar(&opts.Count, "count", 0, "Exit after this many notifications, duplicates and rejected ones included (0: run until interrupted)")
	cmd.Flags().BoolVar(&opts.Once, "once", false, "Exit after the first new notification is recorded")
	cmd.Flags().IntVar(&opts.Reject, "reject", 0, "Answer the first N notifications with \"fail\" (not recorded)")
	cmd.Flags().StringVar(&opts.ForwardTo, "forward-to", "", "POST each new notification's body to this URL and report its status")
	cmd.Flags().BoolVar(&opts.Fetch, "fetch", false, "Fetch and print the report of each new notification")
	return cmd
}

// Run serves until interrupted, or until Count notifications (or with
// Once the first new one) have been printed.
func Run(opts *Options) error {
	ctx := opts.Ctx
	st, err := opts.Store()
	if err != nil {
		return err
	}
	errOut := &lockedWriter{w: opts.IO.ErrOut}
	var client *paoding.Client
	if opts.Fetch {
		// Resolved before listening: a profile without paoding settings is
		// a usage error now, not a surprise at the first notification.
		if client, err = opts.Client(); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: "report.notify",
			Message: fmt.Sprintf("--addr %s: cannot listen there: %v", opts.Addr, err),
			Hint:    "give --addr HOST:PORT with a free port (another listener may hold this one), and buy with the notifyUrl that points at it (--notify-url)"}
	}
	maxConns := opts.MaxConns
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	ln = newLimitListener(ln, maxConns)

	events := make(chan *Event, 16)
	workerDone := make(chan struct{}) // closed when the worker has returned
	// gate admits notifications one at a time, from the moment one is
	// read until it is recorded, so that the listener knows exactly how
	// many it has answered: once --count or --once is satisfied, no
	// further notification is admitted (were it answered "success" but never
	// printed or forwarded, Paoding would not send it again). final is
	// how many were admitted by then; the worker prints them all.
	var gate sync.Mutex
	seen, admitted, final, closing := 0, 0, 0, false
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, paoding.NotificationMaxBytes)
		n, body, err := paoding.ParseNotification(r)
		if err != nil {
			status := http.StatusBadRequest
			var ne *paoding.NotificationError
			if errors.As(err, &ne) {
				status = ne.Status
			}
			fmt.Fprintf(errOut, "refused a request from %s: %v\n", r.RemoteAddr, err)
			w.Header().Set("Connection", "close")
			http.Error(w, err.Error(), status)
			return
		}
		gate.Lock()
		if closing {
			gate.Unlock()
			fmt.Fprintf(errOut, "turned away the notification for order %s (status %s): the listener has had its last (--count/--once) and is stopping; answered 503, not recorded, so Paoding sends it again\n", n.OrderID, n.Status)
			w.Header().Set("Connection", "close")
			http.Error(w, "fail: the listener is stopping", http.StatusServiceUnavailable)
			return
		}
		seen++
		reject := seen <= opts.Reject
		ev := &Event{Time: time.Now(), Status: n.Status, StatusText: n.StatusText(), OrderID: n.OrderID,
			PlatformOrderID: n.PlatformOrderID, Answer: paoding.NotificationAck, body: body, ctype: r.Header.Get("Content-Type")}
		if reject {
			ev.Answer = "fail"
		} else {
			// Recorded and committed before "success" is answered: a
			// notification Paoding stops sending is never lost.
			rec, dup, err := st.RecordNotification(r.Context(), store.Notification{Provider: paoding.Provider, OrderID: n.OrderID, Hash: n.Hash(), Body: body})
			if err != nil {
				gate.Unlock()
				fmt.Fprintf(errOut, "error: could not record the notification for order %s, answered an error so Paoding sends it again: %v\n", n.OrderID, err)
				http.Error(w, "fail: not recorded", http.StatusInternalServerError)
				return
			}
			if dup {
				ev.Duplicate = true
				fmt.Fprintf(errOut, "duplicate notification for order %s (status %s), first recorded %s; answered success again\n",
					n.OrderID, n.Status, rec.ReceivedAt.Local().Format(time.RFC3339))
			}
		}
		admitted++
		if (opts.Count > 0 && admitted >= opts.Count) || (opts.Once && !reject && !ev.Duplicate) {
			closing, final = true, admitted
		}
		gate.Unlock()
		fmt.Fprint(w, ev.Answer)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		// The answer is given: the event goes to the worker even when the
		// sender has closed its connection since (Paoding reads "success"
		// and hangs up). Waiting on the request's context instead dropped
		// it, by select's coin toss, from stdout and --forward-to. Only a
		// worker that has finished (--once, --count) no longer takes it.
		select {
		case events <- ev:
		case <-workerDone:
		}
	})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: orDefault(opts.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       orDefault(opts.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      orDefault(opts.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       orDefault(opts.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          nil,
	}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(errOut, "listening for Paoding notifications on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}

	// One worker forwards, fetches and prints, in arrival order, after
	// Paoding has had its answer. When the listener stops, the worker
	// prints what was already answered before it returns: every event
	// acknowledged to Paoding is also on stdout.
	done := make(chan error, 1)
	drain := make(chan struct{})
	// encoding/json escapes ESC and the other C0 controls but writes the
	// C1 ones (8-bit CSI, OSC...) raw: a sender's orderId must not reach a
	// terminal as a control.
	enc := json.NewEncoder(escapedJSON{opts.IO.Out})
	enc.SetEscapeHTML(false)
	printed := 0
	// handle forwards, fetches and prints one event; finished says the
	// listener is done (--count, --once, or stdout failed).
	handle := func(ev *Event) (finished bool) {
		isNew := !ev.Duplicate && ev.Answer == paoding.NotificationAck
		if isNew && opts.ForwardTo != "" {
			ev.Forward = forward(ctx, opts.ForwardTo, ev)
			if ev.Forward.Error != "" {
				fmt.Fprintf(errOut, "warning: forwarding order %s to %s failed: %s (the notification is recorded)\n", ev.OrderID, opts.ForwardTo, ev.Forward.Error)
			} else {
				fmt.Fprintf(errOut, "forwarded order %s to %s: %d %s\n", ev.OrderID, opts.ForwardTo, ev.Forward.Status, http.StatusText(ev.Forward.Status))
			}
		}
		if isNew && client != nil {
			report, raw, err := client.GetReport(ctx, ev.OrderID)
			if err != nil {
				ev.FetchError = err.Error()
				fmt.Fprintf(errOut, "warning: fetching the report of order %s failed: %v\n", ev.OrderID, err)
			} else if d := shared.DataOf(raw); d != nil {
				ev.Report = d
			} else {
				ev.Report = report
			}
		}
		if err := enc.Encode(ev); err != nil {
			done <- fmt.Errorf("writing the notification for order %s (it is recorded in the local store): %w", ev.OrderID, err)
			return true
		}
		printed++
		gate.Lock()
		last := closing && printed >= final
		gate.Unlock()
		if last {
			done <- nil
			return true
		}
		return false
	}
	go func() {
		defer close(workerDone)
		for {
			select {
			case ev := <-events:
				if handle(ev) {
					return
				}
			case <-drain:
				for {
					select {
					case ev := <-events:
						if handle(ev) {
							return
						}
					default:
						return
					}
				}
			}
		}
	}()

	// SIGINT and SIGTERM cancel the command's context: a listener stops
	// cleanly on either.
	var runErr error
	select {
	case runErr = <-done:
	case <-ctx.Done():
	case <-opts.Stop:
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && runErr == nil {
		runErr = err
	}
	// The handlers have returned: print what they handed over, then stop.
	close(drain)
	<-workerDone
	if runErr == nil {
		select {
		case runErr = <-done:
		default:
		}
	}
	return runErr
}
