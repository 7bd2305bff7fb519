// Package listen implements `insure vin-report listen`: a local receiver
// for Paoding's asynchronous result notifications.
package listen

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

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
	ShutdownGrace                                             time.Duration

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
	// Contradicts says how the notification disagrees with the report
	// fetched for it (--fetch): a forged or stale notification.
	Contradicts string `json:"contradicts,omitempty"`

	body  []byte
	ctype string
	seq   int // its place in the order admitted
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

Only POST bodies of at most 8 KiB are accepted, form-encoded (or without a
Content-Type) or a JSON object (multipart is refused with 415), carrying
status, orderId and platformOrderId (400 when one is missing; a status
other than 1 to 4 is kept and printed as "unknown"). A parameter given
twice, or an orderId longer than a purchase takes (50 characters), is
answered 400 and not recorded.

Paoding does not sign its notifications: anyone who can reach the address
can send one, so confirm a notification with --fetch or
` + "`insure vin-report get ORDER_ID`" + ` before acting on it. A new notification
for an order this store never bought, or naming another platform order than
its purchase was given, is still recorded and answered "success", with a
warning on stderr.

Slow clients are cut off (5s for the headers, 10s for the whole request),
each connection carries one request, and at most 32 are served at once;
when all 32 are taken, the oldest connection still sending its headers is
closed to make room for a new one, so slow senders cannot shut a real
notification out.

Ctrl-C, SIGTERM and SIGHUP stop the listener with exit 0, after it has
printed every notification it answered; with --count or --once not yet met
they exit 130, 143 or 129, since it did not receive what it was asked to.

--forward-to URL POSTs each new notification's body, as received, to URL
and reports the answer's status in the line's "forward" field; a failed
forward loses nothing, the notification stays recorded. --fetch fetches the
report of each new notification, as ` + "`insure vin-report get ORDER_ID`" + ` would,
into the line's "report" field; a notification whose status or platform
order the report contradicts gets a "contradicts" field saying how, and a
warning on stderr (it may be forged: trust the report).`,
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
					return cmdutil.FlagErrorf("--forward-to %q: give an absolute http or https URL, e.g. http://127.0.0.1:3000/notify", shownURL(opts.ForwardTo))
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
// Once the first new one) have been printed. Paoding gets its answer from
// the handler (receive.go) as soon as a notification is recorded; one
// worker (print.go) then forwards, fetches and prints it, so a slow
// --forward-to or --fetch never delays an answer into Paoding's retry.
func Run(opts *Options) error {
	l, err := newListener(opts)
	if err != nil {
		return err
	}
	ln, err := listenOn(opts)
	if err != nil {
		return err
	}
	srv := l.server()
	if limited, ok := ln.(*limitListener); ok {
		srv.ConnState = limited.connState
	}
	go func() { _ = srv.Serve(ln) }()
	stop := "Ctrl-C to stop"
	if opts.IO.InBackground() {
		// Started with & (as getting-started runs it): Ctrl-C does not
		// reach a background job.
		stop = fmt.Sprintf("running in the background: stop it with kill %d, or kill %%N from the shell that started it", os.Getpid())
	}
	fmt.Fprintf(l.errOut, "listening for Paoding notifications on http://%s/ (%s)\n", ln.Addr(), stop)
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	go l.work()
	return l.stop(srv)
}

// listener is one run of Run: what the handler that answers Paoding and
// the worker that prints share.
type listener struct {
	opts   *Options
	ctx    context.Context
	store  *store.Store
	client *paoding.Client // set with --fetch
	errOut io.Writer       // written by handlers and the worker at once

	events     chan *Event   // answered notifications, handler to worker
	workerDone chan struct{} // closed when the worker has returned
	done       chan error    // the worker's end: finished, or stdout failed
	drain      chan struct{} // closed once the handlers have returned

	// gate admits notifications one at a time, from the moment one is
	// read until it is recorded, so that the listener knows exactly how
	// many it has answered: once --count or --once is satisfied, no
	// further notification is admitted (were it answered "success" but
	// never printed or forwarded, Paoding would not send it again). final
	// is how many were admitted by then; the worker prints them all.
	gate                  sync.Mutex
	seen, admitted, final int
	closing               bool
	// handed is how many admitted events have been handed to the
	// worker; turn wakes the handler whose event (seq) is next.
	handed int
	turn   *sync.Cond
}

// newListener opens the store and, with --fetch, the Paoding client.
// The client is resolved before listening: a profile without paoding
// settings is a usage error now, not a surprise at the first
// notification.
func newListener(opts *Options) (*listener, error) {
	st, err := opts.Store()
	if err != nil {
		return nil, err
	}
	l := &listener{opts: opts, ctx: opts.Ctx, store: st, errOut: &lockedWriter{w: opts.IO.ErrOut},
		events: make(chan *Event, 16), workerDone: make(chan struct{}), done: make(chan error, 1), drain: make(chan struct{})}
	l.turn = sync.NewCond(&l.gate)
	if opts.Fetch {
		if l.client, err = opts.Client(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// listenOn binds --addr, serving at most MaxConns connections at once so
// that a flood of slow senders cannot exhaust the process; one still
// sending its headers gives its place up to a newer one (limits.go).
func listenOn(opts *Options) (net.Listener, error) {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, &failure.Error{Kind: failure.Usage, Provider: paoding.Provider, Operation: "report.notify",
			Message: fmt.Sprintf("--addr %s: cannot listen there: %v", opts.Addr, err),
			Hint:    "give --addr HOST:PORT with a free port (another listener may hold this one), and buy with the notifyUrl that points at it (--notify-url)"}
	}
	maxConns := opts.MaxConns
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	return newLimitListener(ln, maxConns), nil
}

// server is the HTTP server for the handler, with timeouts that cut
// slow clients off (limits.go).
func (l *listener) server() *http.Server {
	srv := &http.Server{
		Handler:           http.HandlerFunc(l.receive),
		ReadHeaderTimeout: orDefault(l.opts.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       orDefault(l.opts.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      orDefault(l.opts.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       orDefault(l.opts.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          nil,
	}
	// One request per connection: Paoding sends one notification per
	// connection, and a kept-alive one held a slot of the MaxConns for the
	// whole idle timeout, so that 32 senders of one notification each
	// could shut everyone else out for 30s at a time.
	srv.SetKeepAlivesEnabled(false)
	return srv
}

// stop waits for the end (the worker finished, or SIGINT or SIGTERM,
// which cancel the command's context, or Stop), then shuts the server
// down and lets the worker print what the handlers had already answered:
// every event acknowledged to Paoding is also on stdout.
func (l *listener) stop(srv *http.Server) error {
	var runErr error
	interrupted := false
	select {
	case runErr = <-l.done:
	case <-l.ctx.Done():
		interrupted = true
	case <-l.opts.Stop:
	}
	grace := orDefault(l.opts.ShutdownGrace, DefaultShutdownGrace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(l.ctx), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// A sender still sending (a trickled body) after the grace: it
		// gets no answer, so Paoding, were it Paoding, sends it again.
		_ = srv.Close()
		if runErr == nil {
			runErr = &failure.Error{Kind: failure.Unexpected, Provider: paoding.Provider, Operation: "report.notify", Err: err,
				Message: fmt.Sprintf("stopped with a request still being received %s after the stop: its connection was closed unanswered and nothing of it recorded", grace)}
		}
	}
	// The handlers have returned: print what they handed over, then stop.
	close(l.drain)
	<-l.workerDone
	if runErr == nil {
		select {
		case runErr = <-l.done:
		default:
			if interrupted && (l.opts.Count > 0 || l.opts.Once) {
				runErr = l.unfinished()
			}
		}
	}
	return runErr
}

// unfinished is the error of a --count or --once run stopped by a signal
// before it had its notifications: the command did not do what it was
// asked (a script waiting for a report must not take the empty output
// for one), so the exit is 130, 143 or 129, not 0.
func (l *listener) unfinished() error {
	l.gate.Lock()
	admitted := l.admitted
	l.gate.Unlock()
	if l.opts.Count > 0 {
		return &failure.Error{Kind: failure.Unexpected, Provider: paoding.Provider, Operation: "report.notify",
			Message: fmt.Sprintf("stopped before --count %d was met: %d of %d notifications received, each printed", l.opts.Count, admitted, l.opts.Count)}
	}
	return &failure.Error{Kind: failure.Unexpected, Provider: paoding.Provider, Operation: "report.notify",
		Message: fmt.Sprintf("stopped before --once was met: no new notification arrived (%d repeated or rejected, each printed)", admitted)}
}
