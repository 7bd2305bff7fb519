// Package find implements `insure find KEY`: the story of one order,
// quotation, policy, car or session, from the local journal, across every
// provider and profile.
package find

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `insure find`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx context.Context
	// Hint builds the find command a not-found key's hint suggests.
	Hint          cmdutil.Hinter
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	// Acts says whether a provider's operation buys, issues or cancels
	// (the registry's word), or is a step of one that a command settles
	// (Sunshine's payment check): an unknown outcome of it is in doubt.
	Acts func(provider, operation string) bool
	// Settle is the command that settles a step's act left in doubt
	// (the registry's Operation.Settle), or "".
	Settle func(s Step) string
	// ActKey is the journal key that names an act (the registry's
	// Operation.SettleKey): its attempts are one act in the story's count.
	ActKey func(provider, operation string) string
	Key    string
	// Probes keeps doctor's probes in the story (--probes).
	Probes bool
}

// NewCmdFind builds the command.
func NewCmdFind(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Acts: func(provider, operation string) bool {
		p, ok := f.Registry.Lookup(provider)
		if !ok {
			return false
		}
		op, ok := p.JournalOperation(operation)
		return ok && (op.Acts || len(op.Settle) > 0)
	}, Settle: func(s Step) string {
		p, ok := f.Registry.Lookup(s.Provider)
		if !ok {
			return ""
		}
		op, ok := p.JournalOperation(s.Operation)
		if !ok {
			return ""
		}
		// The step's own profile, which need not be this run's; and this
		// run's --config, where that profile may be the only one of its name.
		cmd := op.SettleCommand(s.Profile, s.Keys)
		if f.Globals != nil && f.Globals.ConfigPath != "" && cmd != "" {
			cmd = "insure --config " + cmdutil.ShellQuote(f.Globals.ConfigPath) + strings.TrimPrefix(cmd, "insure")
		}
		return cmd
	}, ActKey: func(provider, operation string) string {
		p, ok := f.Registry.Lookup(provider)
		if !ok {
			return ""
		}
		op, _ := p.JournalOperation(operation)
		return op.SettleKey
	}}
	cmd := &cobra.Command{
		Use:   "find KEY",
		Short: "Tell the story of an order, policy, car or session from any identifier",
		Long: `Find everything insure sent about one identifier, from every provider and
every profile, and tell its story in time order: bought, report fetched,
quoted, issued, cancelled, with each step's profile, outcome (ok, failed or
unknown), exit class and journal id for ` + "`insure history show`" + `. The
current state comes first.

The outcome is the provider's reading of the answer, as the command that
sent it read it: a refusal inside a 200 (eBao success false or an error
message, a Paoding business code, Bihu's 206, a Sunshine 300 or 400) is
failed, with its exit class and the provider's code and message. Times are
in the local zone with their offset (RFC 3339 in JSON).

KEY is any identifier insure keys: a policy, proposal or quotation number,
an order id or a platform order number, a Sunshine session id, a plate, a
VIN or an engine number. A resident ID number or a person's name is
matched by its salted hash: the journal does not keep them in clear.

Steps linked through an order, quotation, proposal, policy or session
number belong to the same story: finding a policy shows the quotation it
came from.

Requests insure doctor sent to check credentials (its eBao probe quotes
the example car) are left out of a story and counted; --probes keeps
them, marked "(doctor's probe)". On a terminal, a run of identical
failed look-ups (a lost purchase's automatic polling) is one row with
its count; JSON keeps every step.

On a terminal the table goes through a pager: INSURE_PAGER, else PAGER,
else less -FRX ("cat" or "" for none).`,
		Example: `  insure find P2612300000000001
  insure find 冀A00021
  insure find LSVAU2180N2183294 -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return oneKey(f, args)
			}
			return cmdutil.ExactArgs(1)(cmd, args)
		},
		ValidArgsFunction: cmdutil.CompleteJournalKeys(f, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			opts.Key = strings.TrimSpace(args[0])
			if opts.Key == "" {
				// An empty variable ($P of a command that failed) reads
				// as an empty KEY: say what a KEY is.
				return &failure.Error{Kind: failure.Usage, Message: "KEY must not be empty",
					Hint: "give an order, quotation or policy number, a plate or a VIN: " + cmdutil.Hint(f, "find", "SUP-1")}
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
		GroupID: "setup",
	}
	cmd.Flags().BoolVar(&opts.Probes, "probes", false, "Keep insure doctor's sample requests in the story (left out, and counted, by default)")
	return cmd
}

// oneKey is the error for a KEY given as several words: a plate pasted
// with a space (京J 97896), or a name, unquoted. The hint shows the key
// quoted, unless it could be a person's name or an ID number, which find
// does not repeat.
func oneKey(f *cmdutil.Factory, args []string) error {
	e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("find takes one KEY (got %d arguments)", len(args)),
		Hint: "a key with a space in it is one argument: put it in quotes"}
	if key := strings.Join(args, " "); historyshared.MaskedKey(key) == key {
		e.Hint += ": " + cmdutil.Hint(f, "find", key)
	}
	return e
}

// linking keys tie steps into one story; a plate or VIN does not pull in
// another car's steps, but every step keyed by these numbers does.
var linking = historyshared.Numbers

// Step is one journal entry in the story.
type Step struct {
	ID        int64     `json:"id"`
	Time      time.Time `json:"time"`
	Profile   string    `json:"profile"`
	Provider  string    `json:"provider"`
	Operation string    `json:"operation"`
	Step      string    `json:"step"`
	Outcome   string    `json:"outcome"`
	ExitClass int       `json:"exit_class"`
	Status    int       `json:"status"`
	Error     string    `json:"error,omitempty"`
	// Code and Message are the provider's, when the answer was not a
	// result: a refusal inside a 2xx answer is failed, not ok.
	Code    string            `json:"code,omitempty"`
	Message string            `json:"message,omitempty"`
	Keys    map[string]string `json:"keys,omitempty"`
	// Settled is set when the step's outcome was learnt later: an act
	// whose answer was lost, settled by a look-up or a re-run (Outcome
	// is then the settled one; the recorded one is kept here).
	Settled *store.Settled `json:"settled,omitempty"`
	// Interrupted names the signal that cut the step's request short
	// (SIGINT, SIGTERM, SIGHUP): the command exited 130, 143 or 129,
	// whatever ExitClass, the journal's class (5), says.
	Interrupted string `json:"interrupted,omitempty"`
	// Probe is "doctor" for a request insure doctor sent to check the
	// credentials (journal key probe=doctor): no customer's.
	Probe string `json:"probe,omitempty"`
}

// Story is what find prints.
type Story struct {
	Key   string `json:"key"`
	State string `json:"state"`
	// Settle is the command that settles the newest act still in doubt.
	Settle string `json:"settle,omitempty"`
	Steps  []Step `json:"steps"`
	// ProbesLeftOut counts doctor's probes the story leaves out (without
	// --probes).
	ProbesLeftOut int `json:"probes_left_out,omitempty"`
}

// Run finds the key's story.
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
	key, entries, err := lookUp(opts, st)
	if err != nil {
		return err
	}
	story := Story{Key: shownKey(st, key, entries), Steps: []Step{}}
	for _, e := range entries {
		s := Step{ID: e.ID, Time: e.Time, Profile: e.Profile, Provider: e.Provider, Operation: e.Operation,
			Step: stepName(e.Provider, e.Operation), Outcome: e.Outcome, ExitClass: e.ExitClass, Status: e.Status, Error: personal.Mask(e.Error), Code: e.Code, Message: personal.Mask(e.Message), Keys: e.Keys, Settled: e.Settled,
			Interrupted: interruptedBy(e)}
		if historyshared.Probe(e.Keys) {
			s.Probe = historyshared.ProbeValue
		}
		story.Steps = append(story.Steps, s)
	}
	story.Steps, story.ProbesLeftOut = withoutProbes(story.Steps, opts.Probes)
	story.State = storyState(story.Steps, opts.Acts)
	story.Settle = settleCommand(story.Steps, opts)
	table := false
	if oo.Format == "table" && oo.JQ == "" && oo.Template == "" {
		// A car quoted thousands of times is a long story: on a terminal
		// it goes through the pager (docs/support.md).
		if perr := opts.IO.StartPager(); perr != nil {
			fmt.Fprintf(opts.IO.ErrOut, "warning: cannot start the pager (INSURE_PAGER or PAGER): %v; printing without it\n", perr)
		}
		defer opts.IO.StopPager()
	}
	err = output.Print(opts.IO.Out, oo, output.Result{Data: story, Table: func(w io.Writer) error {
		table = true
		cs := opts.IO.ColorScheme()
		fmt.Fprintf(w, "%s\n", cs.Bold(story.State))
		if len(story.Steps) >= manySteps {
			fmt.Fprintln(w, tally(story.Steps, opts.Acts, opts.ActKey))
		}
		if n := story.ProbesLeftOut; n > 0 {
			fmt.Fprintln(w, probesNote(n, story.Key, opts.Hint))
		}
		fmt.Fprintln(w)
		return storyTable(story.Steps, opts.IO.IsStdoutTTY(), opts.Acts).Render(w)
	}})
	// The hints go to stderr: below the story, once it is read.
	opts.IO.StopPager()
	if iostreams.PagerQuit(err) || historyshared.ReaderGone(err) {
		// The person quit the pager (q), or the pipe's reader exited
		// (| head -1), before the end: not a failure, however long the
		// story (one longer than a pipe holds, 64 KiB, died of SIGPIPE).
		return nil
	}
	if err == nil && table && opts.IO.IsStderrTTY() {
		if story.Settle != "" {
			fmt.Fprintf(opts.IO.ErrOut, "To settle the act in doubt (nothing is done twice): %s\n", story.Settle)
		}
		// No -p: history show reads any profile's rows, and this run's
		// profile named beside steps made with another read as theirs.
		fmt.Fprintln(opts.IO.ErrOut, "A step's request and answer: insure history show ID")
	}
	return err
}

// settleCommand is the command that settles the newest act in steps whose
// outcome is still unknown: a look-up, or the act again, which the
// provider refuses as done (docs/support.md, "Settled acts").
func settleCommand(steps []Step, opts *Options) string {
	if opts.Acts == nil || opts.Settle == nil {
		return ""
	}
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.Outcome == store.OutcomeUnknown && opts.Acts(s.Provider, s.Operation) {
			return opts.Settle(s)
		}
	}
	return ""
}

// collect finds the entries keyed by key and, a few rounds deep, those
// linked to them: an entry joins when it carries an order, quotation,
// proposal, policy or session number already found, under the same kind
// of key (kinds). The same digits under another name are another thing:
// `vin-report get` given an order's platformOrderNum as its orderId, or
// `cancel` given a quotation number as the policy, failed on a number no
// order or policy has, and joined that order's or policy's story.
func collect(ctx context.Context, st *store.Store, key string) ([]store.JournalEntry, error) {
	byID := map[int64]store.JournalEntry{}
	found := kinds{}
	join := func(e store.JournalEntry) {
		byID[e.ID] = e
		found.add(e.Keys)
	}
	// The key as given is of no kind yet: whatever carries it is found.
	es, err := st.EntriesByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		join(e)
	}
	queried := map[string]bool{key: true}
	// Entries read but of no number's kind yet: a later one may link them.
	var pending []store.JournalEntry
	for round := 1; round < 4; round++ {
		var next []string
		for _, v := range found.values() {
			if !queried[v] {
				queried[v] = true
				next = append(next, v)
			}
		}
		if len(next) == 0 {
			break
		}
		es, err := st.EntriesByKeys(ctx, next)
		if err != nil {
			return nil, err
		}
		pending = append(pending, es...)
		for changed := true; changed; {
			changed = false
			rest := pending[:0]
			for _, e := range pending {
				if _, in := byID[e.ID]; in {
					continue
				}
				if found.carriedBy(e.Keys) {
					join(e)
					changed = true
					continue
				}
				rest = append(rest, e)
			}
			pending = rest
		}
	}
	out := make([]store.JournalEntry, 0, len(byID))
	for _, e := range byID {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// shownKey is the key as given when the journal holds it in clear (an
// identifier), else its hash: a resident ID number or a name searched for
// is not repeated in the output.
func shownKey(st *store.Store, key string, entries []store.JournalEntry) string {
	for _, e := range entries {
		for _, v := range e.Keys {
			for _, part := range strings.Split(v, ",") {
				if part == key {
					return key
				}
			}
		}
	}
	return st.HashPersonal(key)
}
