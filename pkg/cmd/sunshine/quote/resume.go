package quote

import (
	"context"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// resume continues a saved session: a pending vehicle form (105), a new
// combination (110) or a fixed package (105), then the premium is saved
// (115).
func resume(ctx context.Context, opts *QuoteOptions, fl *shared.Flow, answers *shared.Answers, p prompter.Prompter) error {
	s := fl.S
	switch {
	case s.Step == "100" || s.Pending == "105":
		return quoteLoop(ctx, opts, fl, answers, p, s.Form, s.Pending == "105")
	case s.Step == "105" || s.Step == "110" || s.Step == "115":
	default:
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "quote",
			Message: fmt.Sprintf("session %s is at step %s (%s): the platform takes no new quote after underwriting; nothing was sent", s.ID, s.Step, sunshine.Transaction(s.Step).Name()),
			Hint:    "start a new purchase with `insure sunshine quote --plate ...`, or continue this one with `insure sunshine issue --session " + s.ID + "`"}
	}
	pkg := opts.Package
	if v, ok := answers.Get("packageType"); ok && pkg == "" {
		pkg = v
	}
	changes := hasCoverageAnswers(answers)
	switch {
	case s.Pending == "110" || pkg == "optional" || changes:
		if err := requote(ctx, opts, fl, answers, p); err != nil {
			return err
		}
	case pkg != "" && pkg != s.PackageType:
		if err := quoteLoop(ctx, opts, fl, answers, p, nil, false); err != nil {
			return err
		}
	}
	_, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnSavePremium,
		InputsList: []sunshine.Inputs{{Inputs: []sunshine.Input{{Name: "packageType", Value: s.PackageType}}}}})
	return err
}

// coverage-related keys a 110 takes.
func isCoverageKey(k string) bool {
	return strings.HasPrefix(k, "cov_") || k == "forceFlag" || k == "bizBeginDate" || k == "forceBeginDate"
}

func hasCoverageAnswers(a *shared.Answers) bool { return a.Has(isCoverageKey) }

// requote sends 110 with the current combination changed by the answers
// (or, on a terminal without any, by the person's choices).
func requote(ctx context.Context, opts *QuoteOptions, fl *shared.Flow, answers *shared.Answers, p prompter.Prompter) error {
	s := fl.S
	form, required, message := coverageForm(s.Form), false, ""
	if s.Pending == "110" {
		form, required, message = s.Form, true, s.Message
	}
	ask := p
	if !required && p != nil && hasCoverageAnswers(answers) {
		ask = nil // the script said what to change; ask nothing
	}
	for round := 0; ; round++ {
		if round == maxRounds {
			return stillAsking(s, sunshine.TxnRequote, form, message)
		}
		var in []sunshine.Inputs
		var err error
		if !required && ask != nil {
			in, err = chooseCoverages(opts, ask, form)
		} else {
			in, err = shared.Fill(shared.FillOptions{Txn: sunshine.TxnRequote, Form: form, Answers: answers, Prompter: ask,
				ErrOut: opts.IO.ErrOut, Required: required, Message: message})
		}
		if err != nil {
			return withContinue(err, s)
		}
		extra := answers.Unused(func(k string) bool { return k == "packageType" })
		answers = nil
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnRequote, InputsList: shared.Merge(
			[]sunshine.Inputs{{Inputs: []sunshine.Input{{Name: "packageType", Value: "optional"}}}}, in, extra)}
		resp, err := fl.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			return nil
		}
		form, required, message, ask = resp.TagsList, true, resp.Message(), p
		if p == nil {
			return stillAsking(s, sunshine.TxnRequote, form, message)
		}
	}
}

// coverageForm is the part of a priced answer a 110 answers: the package's
// coverages and compulsory choice, and the start dates.
func coverageForm(form []sunshine.Tags) []sunshine.Tags {
	var out []sunshine.Tags
	for _, g := range form {
		var tags []sunshine.Tag
		for _, t := range g.Tags {
			if isCoverageKey(t.Key()) && !strings.EqualFold(t.Type(), "label") {
				tags = append(tags, t)
			}
		}
		if len(tags) > 0 {
			out = append(out, sunshine.Tags{Type: g.Type, Tags: tags})
		}
	}
	return out
}

// chooseCoverages asks which coverages to change, then each one's value:
// seventeen selects in a row would bury the one the person came for.
func chooseCoverages(opts *QuoteOptions, p prompter.Prompter, form []sunshine.Tags) ([]sunshine.Inputs, error) {
	var tags []sunshine.Tag
	var groups []string
	var names []string
	for _, g := range form {
		for _, t := range g.Tags {
			cur := t.Value()
			if l := shared.OptionLabel(t, cur); l != "" {
				cur = l
			}
			tags, groups = append(tags, t), append(groups, g.Type)
			names = append(names, fmt.Sprintf("%s: %s", shared.PromptLabel(t), cur))
		}
	}
	idx, err := p.MultiSelect("Coverages to change", nil, names)
	if err != nil {
		return nil, err
	}
	var chosen []sunshine.Tags
	for _, i := range idx {
		if i >= 0 && i < len(tags) {
			chosen = append(chosen, sunshine.Tags{Type: groups[i], Tags: []sunshine.Tag{tags[i]}})
		}
	}
	if len(chosen) == 0 {
		return nil, nil
	}
	return shared.Fill(shared.FillOptions{Txn: sunshine.TxnRequote, Form: chosen, Prompter: p, ErrOut: opts.IO.ErrOut})
}
