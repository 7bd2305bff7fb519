// Package sessions implements `insure sunshine sessions`: the purchase
// sessions kept in the local store.
package sessions

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/spf13/cobra"
)

// Options for `sunshine sessions`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	ProfileName   func() (string, error)
	Limit         int
	// ShowPersonal prints the owner's name unmasked.
	ShowPersonal bool
}

// Row is one session as listed.
type Row struct {
	SessionID   string            `json:"sessionId"`
	Step        string            `json:"step"`
	StepName    string            `json:"stepName"`
	Pending     string            `json:"pending,omitempty"`
	Plate       string            `json:"plate,omitempty"`
	Owner       string            `json:"owner,omitempty"`
	PackageType string            `json:"packageType,omitempty"`
	Total       *purchase.Money   `json:"total,omitempty"`
	TBOrderID   string            `json:"tbOrderId,omitempty"`
	ProposalNos map[string]string `json:"proposalNos,omitempty"`
	PolicyNos   map[string]string `json:"policyNos,omitempty"`
	Message     string            `json:"message,omitempty"`
	UpdatedAt   time.Time         `json:"updatedAt"`
}

// NewCmdSessions builds the command.
func NewCmdSessions(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions,
		ProfileName: func() (string, error) { return cmdutil.ProfileName(f) }}
	cmd := &cobra.Command{
		Use:   "sessions [--limit N]",
		Short: "List Sunshine purchase sessions with their step and numbers",
		Long: `List the profile's Sunshine sessions, newest first: the last step the
platform completed, a form still waiting for answers, the premium, and the
proposal and policy numbers. Nothing is sent.`,
		Example: `  insure -p sandbox sunshine sessions
  insure sunshine sessions -o json \
    --jq '.[] | select(.step == "130") | .policyNos'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().IntVar(&opts.Limit, "limit", 50, "Show at most this many sessions (0: all)")
	cmd.Flags().BoolVar(&opts.ShowPersonal, "show-personal", false, "Show the owner's name unmasked (not for pasting into tickets)")
	return cmd
}

// Run lists the sessions.
func Run(opts *Options) error {
	if opts.Limit < 0 {
		return cmdutil.FlagErrorf("--limit must be 0 (all) or more (got %d)", opts.Limit)
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	name, err := opts.ProfileName()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	// One more than asked for tells whether --limit cut the list (the
	// store reads a limit of 0 as its own default, not as all).
	ask := math.MaxInt32
	if opts.Limit > 0 {
		ask = opts.Limit + 1
	}
	list, err := shared.RecordSessions{Store: st}.List(opts.Ctx, name, ask)
	if err != nil {
		return err
	}
	cut := opts.Limit > 0 && len(list) > opts.Limit
	if cut {
		list = list[:opts.Limit]
	}
	rows := make([]Row, 0, len(list))
	for _, s := range list {
		owner := s.Owner
		if !opts.ShowPersonal {
			// Masked as history masks it: the name is personal data.
			owner = personal.MaskName(owner)
		}
		r := Row{SessionID: s.ID, Step: s.Step, StepName: sunshine.Transaction(s.Step).Name(), Pending: s.Pending, Plate: s.Plate, Owner: owner,
			PackageType: s.PackageType, TBOrderID: s.TBOrderID, ProposalNos: s.ProposalNos(), PolicyNos: s.PolicyNos(),
			Message: s.Message, UpdatedAt: s.UpdatedAt}
		if v, ok := s.Premiums["totalPremium"]; ok {
			m := purchase.NewMoney(v)
			r.Total = &m
		}
		rows = append(rows, r)
	}
	if cut {
		fmt.Fprintf(opts.IO.ErrOut, "the %d newest sessions shown; --limit 0 for all\n", opts.Limit)
	}
	tty := opts.IO.IsStdoutTTY()
	return output.Print(opts.IO.Out, oo, output.Result{Data: rows, XMLRoot: "sessions", Table: func(w io.Writer) error {
		// One row per sub-order (biz, force): two policy or proposal
		// numbers and their labels on one row took about 190 columns, and
		// a 120-column terminal cut both numbers ("biz:P07510…"). The
		// package is in the JSON.
		//
		// The plate and the premium are what a reader matches a session
		// by, and the session and number are what they copy: they are cut
		// last. The time gives way first: at 100 columns it is the date,
		// at 80 it is left out (the JSON has it).
		t := output.NewTable(tty, "session", "step", "plate", "total", "kind", "number", "updated").
			Flexible("step").Whole("plate", "total", "number").
			Shorter("updated", output.DateOfTime, func(string) string { return "" })
		for _, r := range rows {
			step := r.Step + " " + r.StepName
			if r.Pending != "" {
				step += " (form pending for " + r.Pending + ")"
			}
			total := ""
			if r.Total != nil {
				total = r.Total.Yuan
			}
			numbers := numberRows(r.ProposalNos, r.PolicyNos)
			if len(numbers) == 0 {
				numbers = [][2]string{{"", ""}}
			}
			for _, n := range numbers {
				t.Row(r.SessionID, step, r.Plate, total, n[0], n[1], output.Time(r.UpdatedAt))
			}
		}
		if t.Len() == 0 && tty {
			_, err := io.WriteString(w, "no Sunshine sessions yet: start one with insure sunshine quote\n")
			return err
		}
		if err := t.Render(w); err != nil {
			return err
		}
		// A session's message (a lost answer, a policy number missing)
		// is what to act on, and too long for a column: it follows the
		// table, one line a session.
		first := true
		for _, r := range rows {
			if r.Message == "" {
				continue
			}
			if first {
				fmt.Fprintln(w)
				first = false
			}
			fmt.Fprintf(w, "%s: %s\n", r.SessionID, iostreams.Sanitize(failure.OneLine(r.Message)))
		}
		return nil
	}})
}

// numberRows are a session's sub-orders as (kind, number) rows, biz
// before force: the policy number once issued, else the proposal number.
func numberRows(proposals, policies map[string]string) [][2]string {
	types := map[string]bool{}
	for k := range proposals {
		types[k] = true
	}
	for k := range policies {
		types[k] = true
	}
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][2]string
	for _, k := range keys {
		if p := policies[k]; p != "" {
			out = append(out, [2]string{k + " policy", p})
		} else if p := proposals[k]; p != "" {
			out = append(out, [2]string{k + " proposal", p})
		}
	}
	return out
}
