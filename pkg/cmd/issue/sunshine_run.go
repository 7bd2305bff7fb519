package issue

import (
	"fmt"
	"io"
	"sort"
	"time"

	sunshared "github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// runSunshine continues a quoted session to its policy numbers.
func runSunshine(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	so := &opts.Sunshine
	if so.Session == "" {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "issue",
			Message: "--session is required: the quoted session to buy; nothing was sent",
			Hint:    "list sessions with `insure sunshine sessions`, or quote first with `insure sunshine quote --plate ...`"}
	}
	answers, err := purchase.LoadAnswers(opts.IO.In, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	c, prof, err := opts.SunshineClient()
	if err != nil {
		return err
	}
	sessions, err := opts.SunshineSessions()
	if err != nil {
		return err
	}
	s, err := purchase.OpenSession(ctx, sessions, prof.Name, so.Session)
	if err != nil {
		return err
	}
	fl := &purchase.Flow{Client: c, Sessions: sessions, Session: s, Progress: sunshared.StderrProgress{IO: opts.IO}}
	if s.Issued() {
		settleSunshineSession(ctx, opts, prof.Name, s, time.Time{})
		if opts.IO.IsStderrTTY() {
			fmt.Fprintf(opts.IO.ErrOut, "Session %s was issued already; nothing was sent.\n", s.ID)
		}
		if err := printSunshine(opts, oo, fl); err != nil {
			return err
		}
		// Printed again, a policy the platform never numbered is still
		// missing: not a success.
		if err := purchase.MissingPolicies(s); err != nil {
			return sunshared.WarnPartialIssue(opts.IO, err)
		}
		return nil
	}
	if err := purchase.CheckIssuable(s); err != nil {
		return err
	}
	// Only the sandbox issues without a real payment number.
	req := purchase.IssueRequest{OrderID: so.OrderID, PayType: so.PayType, PayNo: so.PayNo, CheckPayNo: so.CheckPayNo,
		PartnerID: so.PartnerID, ItemID: so.ItemID, VerifyCode: so.VerifyCode, SendCode: so.SendCode, Now: opts.Now(),
		TestPayNo: prof.Name == config.SandboxProfile}
	// A lost 130 goes again as it was: --pay-no is not used. A lost 120
	// is settled first; 130's own needs are checked after it.
	if !s.ResendsIssue() && !s.ResendsUnderwrite() {
		if err := req.Check(); err != nil {
			return err
		}
	}
	if !opts.DryRun {
		if err := failure.Naming(cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, confirmation(s)), sunshine.Provider, "issue"); err != nil {
			return err
		}
	}
	fl.Asker = sunshared.NewAsker(opts.IO, opts.Prompter)
	// An issue answered without every policy number went through all
	// the same: its result is printed, then the warning (exit 6).
	sent := opts.Now()
	partial := fl.Issue(ctx, req, answers)
	settleSunshineSession(ctx, opts, prof.Name, s, sent)
	if partial != nil && !sunshared.IsPartialIssue(partial) {
		return sunshared.SessionAborted(partial, s, "issue")
	}
	cmdutil.IgnoreSIGPIPE() // a closed stdout is exit 8, as for every act
	if err := printSunshine(opts, oo, fl); err != nil {
		r := purchase.NewIssueResult(s)
		done := "issued Sunshine session " + s.ID + " (order " + r.TBOrderID
		for _, typ := range sortedKeys(r.PolicyNos) {
			done += ", " + typ + " policy " + r.PolicyNos[typ]
		}
		return cmdutil.ActOutputError(done+")", err)
	}
	if partial != nil {
		return sunshared.WarnPartialIssue(opts.IO, partial)
	}
	return nil
}

// confirmation is the question asked before buying.
func confirmation(s *purchase.Session) string {
	total := "the quoted premium"
	if v, ok := s.Premiums["totalPremium"]; ok {
		total = purchase.Yuan(v) + " yuan"
	}
	what := s.Plate
	if what == "" {
		what = "a new car"
	}
	return fmt.Sprintf("Buy the Sunshine %s policy for %s, %s (session %s)?", s.PackageType, what, total, s.ID)
}

func printSunshine(opts *Options, oo output.Options, fl *purchase.Flow) error {
	s := fl.Session
	r := purchase.NewIssueResult(s)
	err := sunshared.Print(opts.IO, oo, fl.LastResponse, output.Result{Data: r, XMLRoot: "issue", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("session", r.SessionID)
		kv.Add("order", r.TBOrderID)
		for _, typ := range sortedKeys(r.PolicyNos) {
			kv.Add("policy ("+typ+")", r.PolicyNos[typ])
		}
		for _, typ := range sortedKeys(r.ProposalNos) {
			kv.Add("proposal ("+typ+")", r.ProposalNos[typ])
		}
		kv.Add("paid", r.Paid.Yuan+" yuan")
		return kv.Render(w)
	}})
	if err == nil && opts.IO.IsStderrTTY() && s.Issued() {
		fmt.Fprintf(opts.IO.ErrOut, "%s Issued. Sessions: %s\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.Hint.Command("sunshine sessions"))
	}
	return err
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
