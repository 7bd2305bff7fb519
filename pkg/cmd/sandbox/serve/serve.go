// Package serve implements `insure sandbox serve`.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sandbox/reset"
	"github.com/insurekit/insure/pkg/cmd/sandbox/status"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/spf13/cobra"
)

// Options for `sandbox serve`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx context.Context
	IO  *iostreams.IOStreams
	// Format, when set, is -o: where it listens is one JSON line in a
	// pipe, and on a terminal too with -o json.
	Format   func() (string, error)
	Registry *registry.Registry
	Addr     string
	Faults   string
	// FaultsFrom names where Faults came from in an error: "--faults",
	// or INSURE_SANDBOX_FAULTS when the flag was not given.
	FaultsFrom string
	StateDir   string
	// Ready, when set, receives the server once it listens (tests).
	Ready func(*sandbox.Server)
}

// NewCmdSandbox builds `insure sandbox`.
func NewCmdSandbox(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "sandbox <command>",
		Short:   "Run the providers' fakes",
		GroupID: "setup",
	}
	cmd.AddCommand(NewCmdServe(f, nil))
	cmd.AddCommand(reset.NewCmdReset(f, nil))
	cmd.AddCommand(status.NewCmdStatus(f, nil))
	return cmd
}

// NewCmdServe builds `insure sandbox serve`.
func NewCmdServe(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Registry: f.Registry}
	if f.OutputOptions != nil {
		opts.Format = func() (string, error) {
			o, err := f.OutputOptions()
			return o.Format, err
		}
	}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve every provider's fake on one loopback address until interrupted",
		Long: `Serve the sandbox fakes of every provider under one listener, each under its
own path prefix (/paoding, /ebao, /bihu, /sunshine). State is shared with the
in-process sandbox of the "sandbox" profile. Point commands at it with
INSURE_SANDBOX_URL; unlike the in-process sandbox it keeps running, so it
delivers paoding's asynchronous result notifications. Built for load tests:
Go's collector runs at GOGC=400 under a 32 MiB soft memory limit unless GOGC
or GOMEMLIMIT is set.

Where it listens goes to stdout. In a pipe (or with -o json) that is one JSON
line, {"url": ..., "endpoints": {"ebao": ..., ...}}, written as soon as it
listens, so a script can start it with --addr 127.0.0.1:0 and read the URL:

  insure sandbox serve --addr 127.0.0.1:0 >serve.out &
  until URL=$(jq -er .url serve.out 2>/dev/null); do
    kill -0 $! 2>/dev/null || exit 1; sleep 0.1
  done

Bound to every address (--addr :8790), the URL printed is loopback's. It
logs no requests; "shutting down" and errors go to stderr (an error that
stops it from starting is also {"error": ...} on stdout in JSON mode, as
for every command).

It holds up as a public server would: a request body over 1 MiB is
answered 413 in the provider's own error shape (at once when its
Content-Length says so), headers must arrive within 10s and the whole
request within 30s (408), and an idle keep-alive connection is closed
after 2 minutes.

SIGINT, SIGTERM or SIGHUP stop it: it answers no new request, finishes those in
flight (up to 10s), closes the state and exits 0. A request held by a delay
or act-after fault is not waited for: its connection closes unanswered, and
a late act not yet due is never made.

Faults (--faults or INSURE_SANDBOX_FAULTS) are a comma-separated list of
PROVIDER[:PATH]=KIND with KIND one of tamper, status:CODE, code:CODE,
body:gbk|html|truncate|empty, delay:DURATION, drop, act-then-status:CODE,
act-then-drop, act-after:DURATION (durations are positive; tamper, drop and
act-then-drop take no argument). body:KIND serves the request and spoils
its answer: re-encoded in GBK under the same Content-Type, replaced by an
HTML page, cut in half, or emptied. PATH matches by prefix, below the
provider's own (paoding:/4s/brand also spoils /4s/brandFactory/list);
every Sunshine transaction shares one path.
code:CODE answers one of the provider's documented business codes in its own
answer format (paoding: the codes listed in docs/providers/paoding.md):

  ebao=tamper                      every ebao response has a bad signature
  paoding:/4s/report/buy=drop      the connection drops on purchase
                                   (outcome unknown)
  bihu=status:500                  every bihu request answers 500
  bihu:/unite/unitecheckrenewal=body:gbk
                                   renewal answers come in GBK, labelled UTF-8
  paoding:/4s/report/buy=code:30010
                                   a purchase is refused: balance too low
  paoding=delay:40s                slower than the default --timeout
  paoding:/4s/report/buy=act-then-status:502
                                   the order is placed, the answer is a 502
  paoding:/4s/report/buy=act-after:45s
                                   the order is placed 45s after it arrives,
                                   after the client (--timeout 30s) gave up`,
		Example: `  insure sandbox serve --addr 127.0.0.1:8790
  INSURE_SANDBOX_URL=http://127.0.0.1:8790 insure -p sandbox vin-report brands`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.FaultsFrom = "--faults"
			if !cmd.Flags().Changed("faults") && opts.Faults != "" {
				opts.FaultsFrom = sandbox.FaultsVar
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", sandbox.DefaultAddr, "Address to listen on (127.0.0.1:0: any free port)")
	cmd.Flags().StringVar(&opts.Faults, "faults", os.Getenv(sandbox.FaultsVar), "Faults to inject (see above)")
	cmd.Flags().StringVar(&opts.StateDir, "state-dir", "", "Where sandbox state lives (default: the state directory's sandbox/)")
	return cmd
}

// Run serves until interrupted.
func Run(opts *Options) error {
	faults, err := sandbox.ParseFaults(opts.Faults)
	if err == nil && opts.Registry != nil {
		err = sandbox.CheckFaults(faults, opts.Registry.Names())
	}
	from := opts.FaultsFrom
	if from == "" {
		from = "--faults"
	}
	if err != nil {
		return faultsError(from, err)
	}
	dir := opts.StateDir
	if dir == "" {
		dir = filepath.Join(config.StateDir(), "sandbox")
	}
	// Load tests and CI pipelines run thousands of requests a second
	// against it: the collector at Go's default took about 15% of its CPU.
	// With the limit its peak RSS stays under 50 MiB.
	defer cmdutil.TuneGC(32 << 20)()
	srv, err := sandbox.New(sandbox.Options{Registry: opts.Registry, StateDir: dir, Faults: faults, Notify: true})
	var fe *sandbox.FaultError
	if errors.As(err, &fe) {
		return faultsError(from, err)
	}
	if err != nil {
		return stateError(dir, err)
	}
	if err := srv.Listen(opts.Addr); err != nil {
		_ = srv.Close(context.WithoutCancel(opts.Ctx))
		msg := fmt.Sprintf("cannot listen on %s: %v", opts.Addr, err)
		if errors.Is(err, syscall.EADDRINUSE) {
			msg = fmt.Sprintf("%s is already in use (another `insure sandbox serve`?)", opts.Addr)
		}
		return &failure.Error{Kind: failure.Usage, Message: msg, Hint: "pick another --addr, e.g. --addr 127.0.0.1:0 for a free port (the address bound is printed)"}
	}
	unregister, err := reset.Register(opts.Ctx, dir, srv.URL)
	if err != nil {
		_ = srv.Close(context.WithoutCancel(opts.Ctx))
		return &failure.Error{Kind: failure.Unexpected, Message: "recording the server in " + dir + ": " + err.Error()}
	}
	defer unregister()
	srv.StartBackground()
	endpoints := map[string]string{}
	for _, n := range srv.Names() {
		endpoints[n] = srv.Endpoint(n)
	}
	asJSON := !opts.IO.IsStdoutTTY()
	if opts.Format != nil && !asJSON {
		f, err := opts.Format()
		asJSON = err == nil && f == "json"
	}
	if !asJSON {
		fmt.Fprintf(opts.IO.Out, "insure sandbox listening on %s\n", srv.URL)
		for _, n := range srv.Names() {
			fmt.Fprintf(opts.IO.Out, "  %-9s %s\n", n, endpoints[n])
		}
		stop := "Press Ctrl-C to stop."
		if opts.IO.InBackground() {
			// Started with &: Ctrl-C does not reach a background job.
			stop = fmt.Sprintf("Running in the background: stop it with kill %d (or kill %%N, its job number, from the shell that started it).", os.Getpid())
		}
		fmt.Fprintf(opts.IO.Out, "\nexport INSURE_SANDBOX_URL=%s\n%s\n", srv.URL, stop)
	} else {
		b, _ := json.Marshal(map[string]any{"url": srv.URL, "endpoints": endpoints})
		fmt.Fprintln(opts.IO.Out, string(b))
	}
	if opts.Ready != nil {
		opts.Ready(srv)
	}
	// Serving until interrupted is the job: SIGINT or SIGTERM end it
	// cleanly (exit 0), with the same grace whichever arrived.
	<-opts.Ctx.Done()
	fmt.Fprintln(opts.IO.ErrOut, "shutting down the sandbox")
	ctx, cancel := context.WithTimeout(context.WithoutCancel(opts.Ctx), shutdownGrace)
	defer cancel()
	err = srv.Close(ctx)
	var se *sandbox.StopError
	if errors.As(err, &se) {
		return &failure.Error{Kind: failure.Unexpected, Err: err,
			Message: fmt.Sprintf("stopped with requests still in flight %s after the interrupt: their connections were closed unanswered", shutdownGrace)}
	}
	return err
}

// faultsError is the usage error for a fault spec the sandbox refused,
// naming where the spec came from: a spec read from INSURE_SANDBOX_FAULTS
// was reported as --faults, a flag the command line did not have.
func faultsError(from string, err error) error {
	e := &failure.Error{Kind: failure.Usage, Message: from + ": " + err.Error(), Err: err}
	if from == sandbox.FaultsVar {
		e.Hint = "fix or unset " + sandbox.FaultsVar + ", or give --faults SPEC, which takes its place"
	}
	return e
}

// shutdownGrace is how long an interrupted server waits for the requests
// in flight.
const shutdownGrace = 10 * time.Second

// stateError says why the state in dir could not be opened and what to do.
func stateError(dir string, err error) error {
	e := &failure.Error{Kind: failure.Unexpected, Err: err, Message: "cannot open the sandbox state in " + dir + ": " + err.Error()}
	switch state.Problem(err) {
	case state.Damaged:
		cause := err
		for errors.Unwrap(cause) != nil {
			cause = errors.Unwrap(cause)
		}
		e.Message = fmt.Sprintf("the sandbox state %s is damaged: %v", filepath.Join(dir, sandbox.StateFile), cause)
		e.Hint = fmt.Sprintf("move it away to keep it, or delete it with `insure sandbox reset --state-dir %s`, then start again (the fakes start empty)", dir)
	case state.Unwritable:
		e.Hint = "--state-dir must be a directory this user can create and write (it holds " + sandbox.StateFile + "); pick another with --state-dir"
	}
	return e
}
