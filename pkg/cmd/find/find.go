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
	// Hint builds the next-step command printed under the table.
	Hint          cmdutil.Hinter
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	// Acts says whether a provider's operation buys, issues or cancels
	// (the registry's word).
	Acts func(provider, operation string) bool
	// Settle is the command that settles a step's act left in doubt
	// (the registry's Operation.Settle), or "".
	Settle func(s Step) string
	Key    string
}

// NewCmdFind builds the command.
func NewCmdFind(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Acts: func(provider, operation string) bool {
		p, ok := f.Registry.Lookup(provider)
		if !ok {
			return false
		}
		op, ok := p.JournalOperation(operation)
		return ok && op.Acts
	}, Settle: func(s Step) string {
		p, ok := f.Registry.Lookup(s.Provider)
		if !ok {
			return ""
		}
		op, ok := p.JournalOperation(s.Operation)
		if !ok {
			return ""
		}
		return op.SettleCommand(s.Profile, s.Keys)
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
came from.`,
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
}

// Story is what find prints.
type Story struct {
	Key   string `json:"key"`
	State string `json:"state"`
	// Settle is the command that settles the newest act still in doubt.
	Settle string `json:"settle,omitempty"`
	Steps  []Step `json:"steps"`
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
	key, entries, err := lookUp(opts, st)
	if err != nil {
		return err
	}
	story := Story{Key: shownKey(st, key, entries), Steps: []Step{}}
	for _, e := range entries {
		story.Steps = append(story.Steps, Step{ID: e.ID, Time: e.Time, Profile: e.Profile, Provider: e.Provider, Operation: e.Operation,
			Step: stepName(e.Provider, e.Operation), Outcome: e.Outcome, ExitClass: e.ExitClass, Status: e.Status, Error: personal.Mask(e.Error), Code: e.Code, Message: personal.Mask(e.Message), Keys: e.Keys, Settled: e.Settled})
	}
	story.State = state(story.Steps, opts.Acts)
	story.Settle = settleCommand(story.Steps, opts)
	table := false
	err = output.Print(opts.IO.Out, oo, output.Result{Data: story, Table: func(w io.Writer) error {
		table = true
		cs := opts.IO.ColorScheme()
		fmt.Fprintf(w, "%s\n\n", cs.Bold(story.State))
		// A time with its zone takes 26 of 80 columns: the outcome carries
		// the exit class ("failed 4"), and the id is what history show
		// takes; the provider's code and message of a failed last step are
		// in the state above (every step's in JSON and history show).
		// The step and its outcome are the story: they are cut last, with
		// the time ("cancell…", "ok (re-r…" told an agent nothing).
		header := []string{"time", "step", "outcome", "id", "profile", "operation", "keys"}
		rows := make([][]string, 0, len(story.Steps))
		for _, s := range story.Steps {
			rows = append(rows, []string{output.Time(s.Time), s.Step, outcomeCell(s), fmt.Sprint(s.ID), s.Profile, s.Provider + " " + s.Operation, historyshared.KeysCell(s.Keys)})
		}
		if opts.IO.IsStdoutTTY() && oneProfile(story.Steps) && cutWidth(header, rows, 4, 5, 6) > output.TerminalWidth() {
			header, rows = withoutColumn(header, rows, 4)
		}
		t := output.NewTable(opts.IO.IsStdoutTTY(), header...).
			Flexible("keys", "operation", "profile").Whole("time", "step", "outcome")
		for _, r := range rows {
			t.Row(r...)
		}
		return t.Render(w)
	}})
	if err == nil && table && opts.IO.IsStderrTTY() {
		if story.Settle != "" {
			fmt.Fprintf(opts.IO.ErrOut, "To settle the act in doubt (nothing is done twice): %s\n", story.Settle)
		}
		fmt.Fprintf(opts.IO.ErrOut, "A step's request and answer: %s\n", opts.Hint.Command("history show", "ID"))
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
// keyed by the order, quotation, proposal, policy and session numbers
// they carry.
func collect(ctx context.Context, st *store.Store, key string) ([]store.JournalEntry, error) {
	seen := map[string]bool{key: true}
	next := []string{key}
	byID := map[int64]store.JournalEntry{}
	for round := 0; round < 4 && len(next) > 0; round++ {
		es, err := st.EntriesByKeys(ctx, next)
		if err != nil {
			return nil, err
		}
		next = nil
		for _, e := range es {
			byID[e.ID] = e
			for name, v := range e.Keys {
				if !linking[name] {
					continue
				}
				for _, part := range strings.Split(v, ",") {
					if part != "" && !seen[part] {
						seen[part] = true
						next = append(next, part)
					}
				}
			}
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

// stepName says what an operation is in the story.
func stepName(provider, op string) string {
	switch provider + " " + op {
	case "ebao quotation", "sunshine txn.105", "sunshine txn.110":
		return "quoted"
	case "ebao issuance", "sunshine txn.130":
		return "issued"
	case "ebao cancellation":
		return "cancelled"
	case "paoding report.buy":
		return "bought"
	case "paoding report.get":
		return "report fetched"
	case "bihu renewal":
		return "renewal looked up"
	case "sunshine txn.095":
		return "vehicle looked up"
	case "sunshine txn.100":
		return "session started"
	case "sunshine txn.115":
		return "package chosen"
	case "sunshine txn.120":
		return "underwritten"
	case "sunshine txn.125":
		return "payment checked"
	case "sunshine txn.135":
		return "delivery changed"
	}
	return op
}

// subjects, most telling first: what the story is about.
var subjects = []struct{ key, noun string }{
	{"policyNumber", "policy"}, {"policyNo", "policy"}, {"proposalNo", "proposal"},
	{"quotationNumber", "quotation"}, {"orderId", "order"}, {"sessionId", "session"},
	{"plate", "car"}, {"vin", "car"},
}

// naming names a subject: "policy P1", or for a key holding several (a
// Sunshine purchase's commercial and compulsory policies, journalled as
// "P1,P2") "policies P1 and P2".
func naming(noun, value string) string {
	var vals []string
	for _, v := range strings.Split(value, ",") {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 {
		return noun + " " + value
	}
	plural := noun + "s"
	if strings.HasSuffix(noun, "y") {
		plural = strings.TrimSuffix(noun, "y") + "ies"
	}
	return plural + " " + strings.Join(vals[:len(vals)-1], ", ") + " and " + vals[len(vals)-1]
}

// state is the story's current state: its subject and its milestones,
// "policy P… issued 2026-11-30 18:02 (CST), cancelled 18:10", and the
// last step's outcome when it did not go through.
//
// An act whose outcome is unknown (the subject's own before its last
// step, or outside the story: a later policy's issuance cut off) is
// named after it: it is what support must settle first, and the subject
// alone would hide it.
func state(steps []Step, acts func(provider, operation string) bool) string {
	// The subject is the newest of its kind: the one first seen last. A
	// car's older policy cancelled (or cancelled again, refused) after
	// the newer one was issued is mentioned last, but is not the newest.
	subject, subjectKey, subjectValue := "", "", ""
	for _, s := range subjects {
		seen := map[string]bool{}
		for _, st := range steps {
			if v := st.Keys[s.key]; v != "" && !seen[v] {
				seen[v] = true
				subject, subjectKey, subjectValue = naming(s.noun, v), s.key, v
			}
		}
		if subject != "" {
			break
		}
	}
	// The milestones are the subject's own: a car's newest policy must
	// not borrow an older policy's issue and cancellation.
	own := related(steps, subjectKey, subjectValue)
	var parts []string
	var prev time.Time
	last := map[string]bool{}
	for i, s := range steps {
		if !own[i] || s.Outcome != store.OutcomeOK || last[s.Step] && s.Step != "quoted" {
			continue
		}
		if !milestone(s.Step) {
			continue
		}
		last[s.Step] = true
		t := s.Time.In(output.Zone())
		when := t.Format("2006-01-02 15:04 (MST)")
		if !prev.IsZero() && sameDay(prev, t) {
			when = t.Format("15:04")
		}
		prev = t
		step := s.Step
		if subjectKey == "sessionId" {
			// "session S started", not "session S session started".
			step = strings.TrimPrefix(step, "session ")
		}
		parts = append(parts, step+settledBy(s)+" "+when)
	}
	out := subject
	if len(parts) > 0 {
		out += " " + strings.Join(parts, ", ")
	}
	// The last step is the subject's own too: an older policy's refused
	// cancellation is not the newest policy's.
	lastOwn := len(steps) - 1
	for lastOwn > 0 && !own[lastOwn] {
		lastOwn--
	}
	if l := steps[lastOwn]; l.Outcome != store.OutcomeOK {
		out += fmt.Sprintf("; last step %s (%s %s): %s%s, exit %d", l.Step, l.Provider, l.Operation, l.Outcome, settledBy(l), l.ExitClass)
		if l.Code != "" {
			out += " [" + l.Code + "]"
		}
		if l.Message != "" {
			out += ": " + l.Message
		}
	}
	// Every act still in doubt but the last step (named above): the
	// subject's own as well, since look-ups after a purchase whose answer
	// was lost would otherwise leave "report fetched: failed" as all
	// there is to say, and the agent would tell the customer "not bought".
	var unknown []Step
	for i, s := range steps {
		if i == lastOwn || s.Outcome != store.OutcomeUnknown || acts == nil || !acts(s.Provider, s.Operation) {
			continue
		}
		unknown = append(unknown, s)
	}
	if n := len(unknown); n > 0 {
		u := unknown[n-1]
		out += fmt.Sprintf("; outcome unknown: %s (%s %s, id %d) %s", u.Step, u.Provider, u.Operation, u.ID,
			u.Time.In(output.Zone()).Format("2006-01-02 15:04 (MST)"))
		if n > 1 {
			out += fmt.Sprintf(", and %d earlier unknown act(s)", n-1)
		}
	}
	return strings.TrimSpace(out)
}

// related marks the steps of the subject's own story: those carrying
// value under key, and those linked to them by an order, quotation,
// proposal, policy or session number.
func related(steps []Step, key, value string) []bool {
	own := make([]bool, len(steps))
	if value == "" {
		// No subject: the story is the steps found.
		for i := range own {
			own[i] = true
		}
		return own
	}
	vals := map[string]bool{}
	for _, p := range strings.Split(value, ",") {
		vals[p] = true
	}
	for changed := true; changed; {
		changed = false
		for i, s := range steps {
			if own[i] || !carries(s, key, vals) {
				continue
			}
			own[i], changed = true, true
			for name, v := range s.Keys {
				if linking[name] {
					for _, p := range strings.Split(v, ",") {
						vals[p] = true
					}
				}
			}
		}
	}
	return own
}

// carries says whether s holds one of vals under key or a linking key.
func carries(s Step, key string, vals map[string]bool) bool {
	for name, v := range s.Keys {
		if name != key && !linking[name] {
			continue
		}
		for _, p := range strings.Split(v, ",") {
			if vals[p] {
				return true
			}
		}
	}
	return false
}

// outcomeCell is a step's outcome with its exit class when it did not go
// through, "failed 4", and how it was settled when that was learnt
// later: "ok (re-run)".
func outcomeCell(s Step) string {
	out := s.Outcome
	if s.Outcome != store.OutcomeOK {
		out = fmt.Sprintf("%s %d", s.Outcome, s.ExitClass)
	}
	if s.Settled != nil && s.Settled.By != "" {
		out += " (" + s.Settled.By + ")"
	}
	return out
}

// settledBy is what the state line adds to a step settled after it was
// recorded: " (settled by the re-run)", " (settled by the look-up)", or
// for a request that never left, " (nothing was sent)".
func settledBy(s Step) string {
	switch {
	case s.Settled == nil || s.Settled.By == "":
		return ""
	case s.Settled.By == "not sent":
		return " (nothing was sent)"
	case s.Settled.By == "sent again":
		// Sunshine's lost request, sent again byte for byte.
		return " (settled by sending it again)"
	}
	return " (settled by the " + s.Settled.By + ")"
}

func milestone(step string) bool {
	switch step {
	case "quoted", "issued", "cancelled", "bought", "report fetched", "renewal looked up", "session started", "underwritten":
		return true
	}
	return false
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
