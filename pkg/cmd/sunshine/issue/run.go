package issue

import (
	"context"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

const maxRounds = 4

// RunIssue continues a quoted session to its policy numbers.
func RunIssue(opts *IssueOptions) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if opts.Session == "" {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "issue",
			Message: "--session is required: the quoted session to buy; nothing was sent",
			Hint:    "list sessions with `insure sunshine sessions`, or quote first with `insure sunshine quote --plate ...`"}
	}
	answers, err := shared.LoadAnswers(opts.IO.In, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	c, prof, err := opts.Client()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	s, err := shared.Load(ctx, st, prof.Name, opts.Session)
	if err != nil {
		return err
	}
	fl := &shared.Flow{C: c, St: st, S: s, IO: opts.IO}
	switch s.Step {
	case "130":
		if opts.IO.IsStderrTTY() {
			fmt.Fprintf(opts.IO.ErrOut, "Session %s was issued already; nothing was sent.\n", s.ID)
		}
		return printIssue(opts, oo, fl)
	case "105", "110", "115", "120", "125", "135":
	default:
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "issue",
			Message: fmt.Sprintf("session %s has no quote yet (step %s); nothing was sent", s.ID, orNone(s.Step)),
			Hint:    "finish the quote first: insure sunshine quote --session " + s.ID}
	}
	if !opts.DryRun {
		if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, describe(s)); err != nil {
			return err
		}
	}
	var p prompter.Prompter
	if opts.IO.CanPrompt() {
		p = opts.Prompter()
	}
	if s.Step == "105" || s.Step == "110" || s.Step == "115" {
		if err := underwrite(ctx, opts, fl, answers, p); err != nil {
			return err
		}
	}
	if s.Step != "125" {
		if s.NeedCode && !s.CodeOK {
			if err := verifyCode(ctx, opts, fl, p); err != nil {
				return err
			}
		}
		if _, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnPaymentCheck, Order: order(s, false)}); err != nil {
			return err
		}
	}
	if _, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnIssue, Order: order(s, false), Payment: payment(opts, s)}); err != nil {
		return err
	}
	s.IssuedAt = opts.Now().UTC().Format("2006-01-02T15:04:05Z")
	if err := shared.Save(ctx, st, s); err != nil {
		return err
	}
	return printIssue(opts, oo, fl)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func describe(s *shared.Session) string {
	total := "the quoted premium"
	if v, ok := s.Premiums["totalPremium"]; ok {
		total = shared.Yuan(v) + " yuan"
	}
	what := s.Plate
	if what == "" {
		what = "a new car"
	}
	return fmt.Sprintf("Buy the Sunshine %s policy for %s, %s (session %s)?", s.PackageType, what, total, s.ID)
}

// groupOf places an answer given without a group in the form group the
// platform's underwriting form uses for it.
func groupOf(key string) string {
	switch {
	case strings.HasPrefix(key, "insured"):
		return "insuredInfo"
	case strings.HasPrefix(key, "applicant"):
		return "applicantInfo"
	case strings.HasPrefix(key, "addressee"):
		return "deliverInfo"
	}
	return ""
}

func isUnderwriteKey(k string) bool { return groupOf(k) != "" }

// underwrite sends 120 until the platform stops asking for people and
// address details.
func underwrite(ctx context.Context, opts *IssueOptions, fl *shared.Flow, answers *shared.Answers, p prompter.Prompter) error {
	s := fl.S
	if s.TBOrderID == "" {
		s.TBOrderID = opts.OrderID
		if s.TBOrderID == "" {
			s.TBOrderID = "TB" + s.ID
		}
	}
	var form []sunshine.Tags
	message := ""
	if s.Pending == "120" {
		form, message = s.Form, s.Message
	}
	for round := 0; ; round++ {
		var in []sunshine.Inputs
		if len(form) > 0 {
			if round == maxRounds {
				return continueHint(shared.MissingError(sunshine.TxnUnderwrite, message, shared.MissingFields(form)), s)
			}
			var err error
			in, err = shared.Fill(shared.FillOptions{Txn: sunshine.TxnUnderwrite, Form: form, Answers: answers, Prompter: p,
				ErrOut: opts.IO.ErrOut, Required: true, Message: message, Defaults: ownerDefaults(s)})
			if err != nil {
				return continueHint(err, s)
			}
		}
		extra := regroup(answers.Unused(nil))
		answers = nil
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnUnderwrite,
			InputsList: shared.Merge(s.StoredInputs(isUnderwriteKey), extra, in), Order: order(s, true)}
		resp, err := fl.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			return nil
		}
		form, message = resp.TagsList, resp.Message()
		if p == nil {
			return continueHint(shared.MissingError(sunshine.TxnUnderwrite, message, shared.MissingFields(form)), s)
		}
	}
}

// ownerDefaults offers the owner's details where the form leaves a person
// empty: the owner usually insures and applies for their own car. They are
// only prompt defaults; a script must say so explicitly.
func ownerDefaults(s *shared.Session) map[string]string {
	d := map[string]string{}
	for _, who := range []string{"insured", "applicant", "addressee"} {
		d[who+"Name"], d[who+"Mobile"] = s.Owner, s.Mobile
	}
	d["insuredIdNo"], d["applicantIdNo"] = s.Input("ownerIdNo"), s.Input("ownerIdNo")
	return d
}

func regroup(groups []sunshine.Inputs) []sunshine.Inputs {
	var out []sunshine.Inputs
	for _, g := range groups {
		for _, in := range g.Inputs {
			t := g.Type
			if t == "" {
				t = groupOf(in.Name)
			}
			out = shared.Merge(out, []sunshine.Inputs{{Type: t, Inputs: []sunshine.Input{in}}})
		}
	}
	return out
}

func continueHint(err error, s *shared.Session) error {
	if fe, ok := err.(*failure.Error); ok && fe.Kind == failure.Usage {
		fe.Hint = "the session is saved: answer with --set KEY=VALUE (or -f answers.yaml) and run `insure sunshine issue --session " + s.ID + " --yes` again"
	}
	return err
}
