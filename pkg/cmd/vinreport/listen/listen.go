// Package listen implements `insure vin-report listen`: a local receiver
// for Paoding's asynchronous result notifications.
package listen

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report listen`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx    context.Context
	IO     *iostreams.IOStreams
	Addr   string
	Count  int
	Reject int
	// Ready receives the bound address (tests).
	Ready func(addr string)
}

// Event is one received notification, printed as a JSON line.
type Event struct {
	Time            time.Time `json:"time"`
	Status          string    `json:"status"`
	StatusText      string    `json:"statusText"`
	OrderID         string    `json:"orderId"`
	PlatformOrderID string    `json:"platformOrderId"`
	Answer          string    `json:"answer"`
}

// NewCmdListen builds the command.
func NewCmdListen(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Receive Paoding's report-ready notifications and print them",
		Long: `Listen for the notifications Paoding POSTs to the notify URL of a purchase
when its report is ready, print each as one JSON line on stdout, and answer
"success" so Paoding stops retrying. Paoding retries an unanswered
notification every 5 minutes, at most twice; --reject N answers the first N
with "fail" to watch those retries happen (against insure sandbox serve).`,
		Example: `  insure vin-report listen --addr 127.0.0.1:8791
  insure vin-report listen --count 1 | jq -r .orderId | xargs insure vin-report get`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8791", "Address to listen on")
	cmd.Flags().IntVar(&opts.Count, "count", 0, "Exit after this many notifications (0: run until interrupted)")
	cmd.Flags().IntVar(&opts.Reject, "reject", 0, "Answer the first N notifications with \"fail\"")
	return cmd
}

// Run serves until interrupted or Count notifications arrived.
func Run(opts *Options) error {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("cannot listen on %s: %v", opts.Addr, err)}
	}
	done := make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	seen := 0
	enc := json.NewEncoder(opts.IO.Out)
	enc.SetEscapeHTML(false)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := paoding.ParseNotification(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		seen++
		answer := "success"
		if seen <= opts.Reject {
			answer = "fail"
		}
		_ = enc.Encode(Event{Time: time.Now(), Status: n.Status, StatusText: n.StatusText(), OrderID: n.OrderID, PlatformOrderID: n.PlatformOrderID, Answer: answer})
		fmt.Fprint(w, answer)
		if opts.Count > 0 && seen >= opts.Count {
			once.Do(func() { close(done) })
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(opts.IO.ErrOut, "listening for Paoding notifications on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	// SIGINT and SIGTERM cancel opts.Ctx: listening until then is the job,
	// so it ends cleanly (exit 0).
	select {
	case <-done:
	case <-opts.Ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(opts.Ctx), 5*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}
