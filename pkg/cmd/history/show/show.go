// Package show implements `insure history show`.
package show

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `history show`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	ID            int64
	// Curl prints the recorded request as a curl command (--curl).
	Curl bool
	// ShowPersonal shows resident IDs, mobiles, e-mails and names as
	// recorded instead of masked.
	ShowPersonal bool
}

// NewCmdShow builds the command.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one request and its response, secrets and personal data masked",
		Long: `Show one request and its response as the journal recorded them. Secrets
were masked before anything was recorded. Personal data (resident ID
numbers, mobiles, e-mails, birth dates, people's names) is masked when
shown, so the output can go into a support ticket; --show-personal shows
it as recorded.

On a terminal JSON bodies are indented (XML is shown as recorded) and the
entry goes through a pager: INSURE_PAGER, else PAGER, else less -FRX
("cat" or "" for none); in a pipe it is written as is. --curl prints the
recorded request as a curl command instead, its body byte for byte as
sent (a GBK body encoded back to GBK); secrets stay masked (put them
back to send it), and so does personal data unless --show-personal,
which the signature needs.

The time shows in the local zone with its offset, to the millisecond; JSON
carries it as RFC 3339.`,
		Example: `  insure history show 42
  insure history show 42 -o json      # for a ticket
  insure history show 42 --curl`,
		Args:              cmdutil.ExactArgs(1),
		ValidArgsFunction: historyshared.CompleteEntryIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			id, err := strconv.ParseInt(strings.TrimSpace(args[0]), 10, 64)
			if err != nil || id <= 0 {
				return cmdutil.FlagErrorf("ID must be a journal id from `insure history list` (got %q)", args[0])
			}
			opts.ID = id
			opts.Curl = f.Globals.Curl
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ShowPersonal, "show-personal", false, "Show resident IDs, mobiles, e-mails and names unmasked (not for pasting into tickets)")
	return cmd
}

// Run shows the entry.
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
	e, err := st.JournalEntryByID(opts.Ctx, opts.ID)
	if errors.Is(err, store.ErrNotFound) {
		// Ids are the journal's, whatever the profile: history list alone
		// shows the current profile's, which may not hold the id.
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("no journal entry %d", opts.ID),
			Hint: "`insure history list --all-profiles` lists every profile's entries with their ids; entries past the journal's limits are pruned (insure history prune --help)"}
	}
	if err != nil {
		return err
	}
	masked := false
	if !opts.ShowPersonal {
		req := personal.Mask(e.Request)
		masked = req != e.Request
		e.URL, e.Request, e.Response, e.Error = personal.Mask(e.URL), req, personal.Mask(e.Response), personal.Mask(e.Error)
		e.Message = personal.Mask(e.Message)
	}
	if opts.Curl {
		if masked {
			// The signature covers the body as sent: a masked name or ID
			// number makes the command fail with a bad signature, and
			// nothing said why.
			fmt.Fprintln(opts.IO.ErrOut, "note: personal data in this request is masked (****), so the command does not reproduce what was signed; add --show-personal to print it as sent")
		}
		_, err := io.WriteString(opts.IO.Out, curlOf(e.Method, e.URL, e.Request))
		if historyshared.ReaderGone(err) {
			return nil
		}
		return err
	}
	if oo.Format == "table" && oo.JQ == "" && oo.Template == "" {
		if err := opts.IO.StartPager(); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: cannot start the pager (INSURE_PAGER or PAGER): %v; printing without it\n", err)
		}
		defer opts.IO.StopPager()
	}
	perr := output.Print(opts.IO.Out, oo, output.Result{Data: e, Table: func(w io.Writer) error {
		cs := opts.IO.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("id", fmt.Sprint(e.ID))
		kv.Add("time", output.PreciseTime(e.Time))
		kv.Add("profile", e.Profile)
		kv.Add("operation", e.Provider+" "+e.Operation)
		kv.Add("request", e.Method+" "+e.URL)
		// Status 0 is no HTTP answer at all (a connection cut, an
		// interrupt, a timeout): "0" read as a status a server sent.
		status := fmt.Sprint(e.Status)
		if e.Status == 0 {
			status = "none (no answer arrived)"
		}
		kv.Add("status", status)
		// The provider's reading of the answer: a 200 can be a refusal.
		outcome := fmt.Sprintf("%s, exit %d", e.Outcome, e.ExitClass)
		if in, ok := historyshared.Interrupted(e.Interrupted, e.Settled != nil); ok {
			// The command exited 130, 143 or 129, not the journal's class
			// (JSON keeps both: exit_class and interrupted).
			outcome = in.Outcome(e.Outcome)
		}
		if e.Code != "" {
			outcome += " [" + e.Code + "]"
		}
		if e.Message != "" {
			outcome += " " + failure.OneLine(e.Message)
		}
		kv.Add("outcome", outcome)
		kv.Add("duration", fmt.Sprintf("%d ms", e.DurationMS))
		if e.Error != "" {
			kv.Add("error", cs.Red(e.Error))
		}
		if err := kv.Render(w); err != nil {
			return err
		}
		response := prettyMessage(e.Response)
		if e.Status == 0 && strings.TrimSpace(e.Response) == "" {
			response = "(none: no answer arrived)\n"
		}
		fmt.Fprintf(w, "\n%s\n%s\n%s\n%s", cs.Bold("Request"), prettyMessage(e.Request), cs.Bold("Response"), response)
		return nil
	}})
	opts.IO.StopPager()
	if iostreams.PagerQuit(perr) || historyshared.ReaderGone(perr) {
		// The person quit the pager (q), or the pipe's reader exited
		// (| head), before the end: not a failure.
		return nil
	}
	return perr
}
