// Package sessions implements `insure sunshine sessions`: the purchase
// sessions kept in the local store.
package sessions

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
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
  insure sunshine sessions -o json --jq '.[] | select(.step == "130") | .policyNos'`,
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
		t := output.NewTable(tty, "session", "step", "plate", "package", "total", "proposals", "policies", "updated").Flexible("package", "proposals", "policies")
		for _, r := range rows {
			step := r.Step + " " + r.StepName
			if r.Pending != "" {
				step += " (form pending for " + r.Pending + ")"
			}
			total := ""
			if r.Total != nil {
				total = r.Total.Yuan
			}
			t.Row(r.SessionID, step, r.Plate, r.PackageType, total, joinMap(r.ProposalNos), joinMap(r.PolicyNos), output.Time(r.UpdatedAt))
		}
		if t.Len() == 0 && tty {
			_, err := io.WriteString(w, "no Sunshine sessions yet: start one with insure sunshine quote\n")
			return err
		}
		return t.Render(w)
	}})
}

func joinMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, k+":"+m[k])
	}
	return strings.Join(out, " ")
}
