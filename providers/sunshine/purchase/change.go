package purchase

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Change continues a saved session: a pending vehicle form (105), a new
// combination (110: pkg "optional", or coverage answers cov_*) or another
// fixed package (105), then the premium is saved (115).
func (f *Flow) Change(ctx context.Context, pkg string, answers *Answers) error {
	s := f.Session
	if f.Command == "" {
		f.Command = "quote"
	}
	// Every bad answer at once, before anything is sent.
	if err := checkVehicleAnswers(answers, s, f.Client.Now()); err != nil {
		return err
	}
	switch {
	case s.Step == "100" || s.Pending == "100" || s.Pending == "105":
		// The vehicle form of 100 is prefilled; a 105 form lists what the
		// platform still needs. (Sessions saved by older versions have
		// no Step while the 100 form is pending.)
		return f.quote(ctx, pkg, answers, s.Form, s.Pending == "105")
	case s.Step == "105" || s.Step == "110" || s.Step == "115":
	default:
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "quote",
			Message: fmt.Sprintf("session %s is at step %s (%s): the platform takes no new quote after underwriting; nothing was sent", s.ID, s.Step, sunshine.Transaction(s.Step).Name()),
			Hint:    "start a new purchase with `insure sunshine quote --plate ...`, or continue this one with `insure sunshine issue --session " + s.ID + "`"}
	}
	if v, ok := answers.Get("packageType"); ok && pkg == "" {
		pkg = v
	}
	changes := hasCoverageAnswers(answers)
	switch {
	case s.Pending == "110" || pkg == "optional" || changes:
		if err := f.requote(ctx, answers); err != nil {
			return err
		}
	case pkg != "" && pkg != s.PackageType:
		if err := f.quote(ctx, pkg, answers, nil, false); err != nil {
			return err
		}
	}
	_, err := f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnSavePremium,
		InputsList: []sunshine.Inputs{{Inputs: []sunshine.Input{{Name: "packageType", Value: s.PackageType}}}}})
	return err
}

// coverage-related keys a 110 takes.
func isCoverageKey(k string) bool {
	return strings.HasPrefix(k, "cov_") || k == "forceFlag" || k == "bizBeginDate" || k == "forceBeginDate"
}

// isRequoteKey says whether a control of a priced answer goes back in a
// 110: the combination (isCoverageKey) and the other choices the 110
// tables list (3.8.1, 3.8.3), in their own groups of the priced answer:
// immediate effect (immevalid), driving area (runAreaType), named
// drivers (driverInfoFlag, driverInfo). The table marks isImmevalid,
// runArea and agreedDriver not nullable, so their current values are
// sent when the priced answer has them.
func isRequoteKey(k string) bool {
	switch k {
	case "isImmevalid", "immeValidHoursStart", "runArea", "agreedDriver", "driverName", "driverNum", "drivateDate", "driverDate":
		return true
	}
	return isCoverageKey(k)
}

// requoteDefaults are sent in a 110 unless the priced answer or the
// answers give them. Both 110 tables mark isImmevalid (immediate effect)
// not nullable, but only the 105 answer from before the reform (3.7.2)
// has the immevalid group to echo; the one after it (3.7.3) has none.
// That earlier answer's default, 0 (not immediately), is what a quote
// that never offered the choice means.
var requoteDefaults = []sunshine.Inputs{{Type: "immevalid", Inputs: []sunshine.Input{{Name: "isImmevalid", Value: "0"}}}}

// requoteInputs lays a 110 out as the manual's examples (3.8.1, 3.8.3)
// do: packageType and the combination (every cov_*, forceFlag and the
// start dates) in one group without a type, whatever groups the priced
// answer showed them in, then the typed groups of the other choices.
func requoteInputs(groups []sunshine.Inputs) []sunshine.Inputs {
	head := sunshine.Inputs{}
	var rest []sunshine.Inputs
	for _, g := range groups {
		if g.Type == "" {
			head.Inputs = append(head.Inputs, g.Inputs...)
			continue
		}
		var keep []sunshine.Input
		for _, in := range g.Inputs {
			if in.Name == "packageType" || isCoverageKey(in.Name) {
				head.Inputs = append(head.Inputs, in)
			} else {
				keep = append(keep, in)
			}
		}
		keep = withDriverDate(keep)
		// An empty group only holds the place of a repeated one: keep it.
		if len(keep) > 0 || len(g.Inputs) == 0 {
			rest = append(rest, sunshine.Inputs{Type: g.Type, Inputs: keep})
		}
	}
	return append([]sunshine.Inputs{head}, rest...)
}

// The licence date of a named driver has two names in the manual: the
// priced answers' driverInfo form calls the control drivateDate (3.7.2,
// 3.7.3, 3.8.4), the 110 tables and the earlier 110 example call the input
// driverDate (3.8.1, 3.8.3). A 110 sends both with one value, so a platform
// reading either name finds it; a date given under only one fills the other.
func withDriverDate(in []sunshine.Input) []sunshine.Input {
	form, table := -1, -1
	for i, x := range in {
		switch x.Name {
		case "drivateDate":
			form = i
		case "driverDate":
			table = i
		}
	}
	switch {
	case form < 0 && table < 0:
		return in
	case table < 0:
		return append(in, sunshine.Input{Name: "driverDate", Value: in[form].Value})
	case form < 0:
		return append(in, sunshine.Input{Name: "drivateDate", Value: in[table].Value})
	case in[table].Value == "":
		in[table].Value = in[form].Value
	case in[form].Value == "":
		in[form].Value = in[table].Value
	}
	return in
}

func hasCoverageAnswers(a *Answers) bool { return a.Has(isCoverageKey) }

// requote sends 110 with the current combination changed by the answers
// (or, on a terminal without any, by the person's choices).
func (f *Flow) requote(ctx context.Context, answers *Answers) error {
	s := f.Session
	form, required, message := coverageForm(s.Form), false, ""
	// base is the 110 a pending form answered: its form's answers
	// complete it, never replace it (a form asking for the start dates
	// alone would otherwise send no coverage, and lose the changes).
	var base []sunshine.Inputs
	if s.Pending == "110" {
		form, required, message, base = s.Form, true, s.Message, s.Requote
		if base == nil {
			// Saved before Requote was kept: the inputs the session
			// sent are the nearest to that request.
			base = s.SentInputs(isRequoteKey)
		}
	}
	ask := f.Asker
	if !required && ask != nil && hasCoverageAnswers(answers) {
		ask = nil // the script said what to change; ask nothing
	}
	for round := 0; ; round++ {
		if round == maxRounds {
			return stillAsking(s, sunshine.TxnRequote, form, message)
		}
		var in []sunshine.Inputs
		var err error
		if !required && ask != nil {
			if in, err = chooseCoverages(ctx, ask, form, f.Client.Now()); err == nil {
				// The 110 tables mark every coverage and choice not
				// nullable: the whole combination goes, as the priced
				// answer has it, with the chosen ones changed.
				var all []sunshine.Inputs
				all, err = Fill(ctx, FillOptions{Transaction: sunshine.TxnRequote, Form: form, Now: f.Client.Now()})
				in = Merge(all, in)
			}
		} else {
			in, err = Fill(ctx, FillOptions{Now: f.Client.Now(), Transaction: sunshine.TxnRequote, Form: form, Answers: answers, Asker: ask,
				Required: required, Message: message})
		}
		if err != nil {
			return withContinue(err, s)
		}
		extra := answers.Unused(func(k string) bool { return k == "packageType" })
		answers = nil
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnRequote, InputsList: requoteInputs(Merge(
			[]sunshine.Inputs{{Inputs: []sunshine.Input{{Name: "packageType", Value: "optional"}}}}, requoteDefaults, base, in, extra))}
		resp, err := f.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			s.Requote = nil
			if err := checkPriced(sunshine.TxnRequote, s, "luxury"); err != nil {
				return err
			}
			f.warnRepriced(spec.InputsList, resp)
			return nil
		}
		// Kept with the session: the form may be answered by a later run.
		base, s.Requote = spec.InputsList, spec.InputsList
		if err := f.Sessions.Save(context.WithoutCancel(ctx), s); err != nil {
			return err
		}
		form, required, message, ask = resp.TagsList, true, resp.Message(), f.Asker
		if ask == nil {
			return stillAsking(s, sunshine.TxnRequote, form, message)
		}
	}
}

// coverageForm is the part of a priced answer a 110 answers: the package's
// coverages and compulsory choice, the start dates, and the other choices
// a 110 takes (isRequoteKey).
func coverageForm(form []sunshine.Tags) []sunshine.Tags {
	var out []sunshine.Tags
	for _, g := range FormGroups(form) {
		var tags []sunshine.Tag
		for _, t := range g.Tags {
			if isRequoteKey(t.Key()) && !strings.EqualFold(t.Type(), "label") {
				tags = append(tags, t)
			}
		}
		// A repeated group stays, empty or not, to keep the others' places.
		if len(tags) > 0 || g.Repeated() {
			out = append(out, sunshine.Tags{Type: g.Type, Tags: tags})
		}
	}
	return out
}

// chooseCoverages asks which coverages to change, then each one's value.
func chooseCoverages(ctx context.Context, ask Asker, form []sunshine.Tags, now time.Time) ([]sunshine.Inputs, error) {
	groups := FormGroups(form)
	var controls []Control
	var from []int // the group of each control
	for gi, g := range groups {
		for _, t := range g.Tags {
			controls = append(controls, g.Control(t))
			from = append(from, gi)
		}
	}
	idx, err := ask.Choose(ctx, "Coverages to change", controls)
	if err != nil {
		return nil, err
	}
	// The chosen controls stay in their groups: one group per control
	// would read as several groups of one type.
	picked := make([][]sunshine.Tag, len(groups))
	n := 0
	for _, i := range idx {
		if i >= 0 && i < len(controls) {
			picked[from[i]] = append(picked[from[i]], controls[i].Tag)
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	var chosen []sunshine.Tags
	for gi, g := range groups {
		if len(picked[gi]) > 0 || g.Repeated() {
			chosen = append(chosen, sunshine.Tags{Type: g.Type, Tags: picked[gi]})
		}
	}
	return Fill(ctx, FillOptions{Transaction: sunshine.TxnRequote, Form: chosen, Asker: ask, Now: now})
}
