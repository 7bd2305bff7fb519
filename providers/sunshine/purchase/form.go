package purchase

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// FillOptions say how to answer one form.
type FillOptions struct {
	Transaction sunshine.Transaction // the step the answers go to, for errors
	Form        []sunshine.Tags
	Answers     *Answers          // given by the caller (files, KEY=VALUE)
	Defaults    map[string]string // used where a control has no value
	// Given are values the user gave outside the answers (the command's
	// flags: --owner, --plate ...), by control key. Where no answer is
	// given they win over the form's prefilled value, as answers do; a
	// read-only control keeps the platform's.
	Given map[string]string
	// Asker asks a person; nil in a script, where an answer that is needed
	// and not given is a usage error listing every such control.
	Asker Asker
	// Required says the platform asked for exactly these controls (a 200
	// answer to a step, or the 095 lookup): each needs an answer. Otherwise
	// the form is prefilled and its values stand unless changed.
	Required bool
	Message  string // the platform's message, shown before asking
	// Lookups serve the controls whose dataUrl names a look-up (a guided
	// choice on a terminal) and those with a checkUrl; nil: none.
	Lookups Lookups
	// Note tells the person what was done without failing (a value given
	// by flag that a read-only control overrules); nil: nobody is told.
	Note func(string)
	// Now is the day answers are checked against (start dates, the
	// registration date); zero: the clock's.
	Now time.Time
}

// Fill answers a form and returns the inputs to send, one group per Tags.
func Fill(ctx context.Context, o FillOptions) ([]sunshine.Inputs, error) {
	var out []sunshine.Inputs
	var bad, missing, locked []failure.FieldError
	var ask []Control
	values := map[string]string{} // by Field: each group of a type has its own
	placed := map[string]bool{}   // an answer naming no group of several is reported once, not per group
	groups := FormGroups(o.Form)
	for _, g := range groups {
		for _, t := range g.Tags {
			c := g.Control(t)
			if !c.Answerable() {
				continue
			}
			if k := g.Type + "\x00" + c.Key(); g.Repeated() && !placed[k] {
				placed[k] = true
				bad = append(bad, o.Answers.unplaced(g, c.Key())...)
			}
			v := t.Value()
			if v == "" {
				v = o.Defaults[c.Key()]
			}
			ans, answered := o.Answers.For(c)
			if t.ReadOnly() {
				// Sent back as the platform gave it; never asked, never changed.
				if answered && ans != v {
					locked = append(locked, failure.FieldError{Field: c.Field(),
						Rule: fmt.Sprintf("is read-only on the platform's form (%s = %q); leave it out", orKey(t.Label(), c.Key()), v)})
				}
				if g := o.Given[c.Key()]; !answered && strings.TrimSpace(g) != "" && strings.TrimSpace(g) != strings.TrimSpace(v) && o.Note != nil {
					// A flag is no answer to refuse, but dropping it
					// without a word left the user believing it was sent.
					// No values: they are personal data.
					o.Note(fmt.Sprintf("%s (%s) is read-only on the platform's form: its value there is sent, not the one given by flag", orKey(t.Label(), c.Key()), c.Field()))
				}
				values[c.Field()] = v
				continue
			}
			if g := o.Given[c.Key()]; !answered && g != "" {
				ans, answered = g, true
			}
			if answered {
				// The keys' own rules (e-mail, delivery date) are checked
				// for every answer before the step (checkUnderwriteAnswers).
				nv, err := Normalise(t, ans)
				if err != nil {
					bad = append(bad, failure.FieldError{Field: c.Field(), Rule: err.Error(), Example: example(c)})
				}
				values[c.Field()] = nv
				continue
			}
			values[c.Field()] = v
			needed := o.Required && (c.Type() != "hidden" || v == "")
			switch {
			case o.Asker != nil && (c.Type() != "hidden" || needed):
				ask = append(ask, c)
			case needed:
				missing = append(missing, describe(c, v))
			}
		}
	}
	if len(locked) > 0 {
		e := failure.Invalid(sunshine.Provider, o.Transaction.Operation(), locked...)
		e.Message = fmt.Sprintf("%d answer(s) would change a read-only control; nothing was sent", len(locked))
		return nil, e
	}
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, o.Transaction.Operation(), bad...)
		e.Message = fmt.Sprintf("%d answer(s) do not fit their control (see each rule); nothing was sent", len(bad))
		return nil, e
	}
	if len(missing) > 0 {
		return nil, MissingError(o.Transaction, o.Message, missing)
	}
	if len(ask) > 0 {
		var err error
		if ask, err = guided(ctx, o, ask, values); err != nil {
			return nil, err
		}
	}
	if len(ask) > 0 {
		got, err := o.Asker.Ask(ctx, Questions{Transaction: o.Transaction, Message: o.Message, Form: o.Form, Controls: ask, Current: values, Now: o.Now})
		if err != nil {
			return nil, err
		}
		for _, c := range ask {
			if v, ok := got[c.Field()]; ok {
				values[c.Field()] = v
			}
		}
		if err := checkAsked(o.Transaction, ask, values, o.Now); err != nil {
			return nil, err
		}
	}
	if err := checkFields(ctx, o, values); err != nil {
		return nil, err
	}
	for _, g := range groups {
		in := sunshine.Inputs{Type: g.Type}
		for _, t := range g.Tags {
			c := g.Control(t)
			if v, ok := values[c.Field()]; ok && c.Answerable() {
				in.Inputs = append(in.Inputs, sunshine.Input{Name: c.Key(), Value: v})
			}
		}
		// A group of a repeated type keeps its place even with nothing
		// to send, so the ones after it stay where the platform put them.
		if len(in.Inputs) > 0 || g.Repeated() {
			out = append(out, in)
		}
	}
	return out, nil
}

// MissingError is the usage error (exit 2) of a script that lacks answers:
// every control still needed, with its label, type, value and options.
func MissingError(txn sunshine.Transaction, message string, fields []failure.FieldError) *failure.Error {
	msg := fmt.Sprintf("%d answer(s) still needed for %s (%s)", len(fields), txn, txn.Name())
	if message != "" {
		msg += "; the platform says: " + message
	}
	e := failure.Invalid(sunshine.Provider, txn.Operation(), fields...)
	e.Message = msg
	e.Hint = "give each with --set KEY=VALUE (or GROUP.KEY=VALUE, GROUP[N].KEY=VALUE in a repeated group, or -f answers.yaml), or run on a terminal to be asked"
	return e
}

// MissingFields lists the answerable controls of a form as missing fields
// (a script cannot answer a form the platform sent back).
func MissingFields(form []sunshine.Tags) []failure.FieldError {
	var out []failure.FieldError
	for _, g := range FormGroups(form) {
		for _, t := range g.Tags {
			c := g.Control(t)
			if c.Answerable() {
				out = append(out, describe(c, t.Value()))
			}
		}
	}
	return out
}

func describe(c Control, value string) failure.FieldError {
	rule := c.Tag.Label()
	if rule == "" {
		rule = c.Key()
	}
	rule += " [" + c.Type() + "]"
	if value != "" {
		rule += fmt.Sprintf(", now %q", value)
	}
	if opts := c.Tag.Options(); len(opts) > 0 {
		var s []string
		for _, op := range opts {
			s = append(s, op.Label+"="+op.Value)
		}
		rule += ", one of: " + strings.Join(s, ", ")
	}
	return failure.FieldError{Field: c.Field(), Rule: rule, Example: example(c)}
}

func example(c Control) string {
	v := goodValue(c)
	if v == "" {
		v = "VALUE"
	}
	name := c.Key()
	if c.Repeated {
		name = c.Field() // the key alone does not say which group
	}
	return "--set " + name + "=" + v
}

// Normalise checks an answer against the control: an option may be given
// by value, by label, or as a number equal to a value (YAML turns
// "500000.00" into 500000); dates are yyyy-MM-dd.
func Normalise(t sunshine.Tag, ans string) (string, error) {
	typ := strings.ToLower(t.Type())
	opts := t.Options()
	if narrowable(t) {
		ans = narrow(ans)
	}
	if typ == "checkbox" && len(opts) > 0 {
		var out []string
		for _, part := range strings.Split(ans, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			v, err := pickOption(opts, strings.TrimSpace(part))
			if err != nil {
				return ans, err
			}
			out = append(out, v)
		}
		return strings.Join(out, ","), nil
	}
	if (typ == "select" || typ == "radio") && len(opts) > 0 {
		return pickOption(opts, ans)
	}
	if (typ == "date" || typ == "cdate") && ans != "" {
		if _, err := time.Parse("2006-01-02", ans); err != nil {
			// The example is the caller's: a script's error names the
			// whole --set, a terminal's prompt shows the format.
			return ans, fmt.Errorf("%q is not a date in the format yyyy-MM-dd", ans)
		}
	}
	if err := inRange(t.Get("range"), ans); err != nil {
		return ans, err
	}
	if err := vehicleRule(t.Key(), ans); err != nil {
		return ans, err
	}
	return ans, nil
}

func pickOption(opts []sunshine.Option, ans string) (string, error) {
	for _, op := range opts {
		if op.Value == ans {
			return op.Value, nil
		}
	}
	for _, op := range opts {
		if op.Label == ans {
			return op.Value, nil
		}
	}
	if f, err := strconv.ParseFloat(ans, 64); err == nil {
		for _, op := range opts {
			if g, err := strconv.ParseFloat(op.Value, 64); err == nil && g == f {
				return op.Value, nil
			}
		}
	}
	var s []string
	for _, op := range opts {
		s = append(s, op.Label+"="+op.Value)
	}
	return ans, fmt.Errorf("%q is not one of: %s", ans, strings.Join(s, ", "))
}

// OptionLabel is the label of the option whose value is v ("0" matches
// "0.00": the platform is not consistent), or "".
func OptionLabel(t sunshine.Tag, v string) string {
	if nv, err := pickOption(t.Options(), v); err == nil {
		for _, op := range t.Options() {
			if op.Value == nv {
				return op.Label
			}
		}
	}
	return ""
}

func orKey(label, key string) string {
	if label == "" {
		return key
	}
	return label
}

// inRange checks a numeric answer against a control's range ("min,max",
// e.g. "0,98800.00"); a range or answer that is not numeric is not checked.
func inRange(r, ans string) error {
	lo, hi, ok := strings.Cut(r, ",")
	if !ok || ans == "" {
		return nil
	}
	min, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	max, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	v, err3 := strconv.ParseFloat(strings.TrimSpace(ans), 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil
	}
	if v < min || v > max {
		return fmt.Errorf("%q is outside the control's range %s to %s", ans, strings.TrimSpace(lo), strings.TrimSpace(hi))
	}
	return nil
}
