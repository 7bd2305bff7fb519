package shared

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// FillOptions say how to answer one form.
type FillOptions struct {
	Txn      sunshine.Transaction // the step the answers go to, for errors
	Form     []sunshine.Tags
	Answers  *Answers          // from --set and -f
	Defaults map[string]string // used where a control has no value
	// Prompter asks on a terminal; nil in a script, where an answer that
	// is needed and not given is a usage error listing every such control.
	Prompter prompter.Prompter
	ErrOut   io.Writer
	// Required says the platform asked for exactly these controls (a 200
	// answer to a step, or the 095 lookup): each needs an answer. Otherwise
	// the form is prefilled and its values stand unless changed.
	Required bool
	Message  string // the platform's message, shown before prompting
}

// control is one form control with the group it belongs to.
type control struct {
	group string
	tag   sunshine.Tag
}

func (c control) key() string   { return c.tag.Key() }
func (c control) typ() string   { return strings.ToLower(c.tag.Type()) }
func (c control) field() string { return strings.TrimPrefix(c.group+"."+c.key(), ".") }

// answerable says the control's value is sent back: labels are shown,
// disabled controls are not editable, and neither is returned.
func (c control) answerable() bool {
	return c.key() != "" && c.typ() != "label" && !c.tag.Disabled()
}

// Fill answers a form and returns the inputs to send, one group per Tags.
func Fill(o FillOptions) ([]sunshine.Inputs, error) {
	var out []sunshine.Inputs
	var bad, missing []failure.FieldError
	var ask []control
	values := map[string]string{}
	for _, g := range o.Form {
		for _, t := range g.Tags {
			c := control{group: g.Type, tag: t}
			if !c.answerable() {
				continue
			}
			v := t.Value()
			if v == "" {
				v = o.Defaults[c.key()]
			}
			if ans, ok := o.Answers.Lookup(g.Type, c.key()); ok {
				nv, err := Normalise(t, ans)
				if err != nil {
					bad = append(bad, failure.FieldError{Field: c.field(), Rule: err.Error(), Example: example(c)})
				}
				values[c.field()] = nv
				continue
			}
			values[c.field()] = v
			needed := o.Required && (c.typ() != "hidden" || v == "")
			switch {
			case o.Prompter != nil && (c.typ() != "hidden" || needed):
				ask = append(ask, c)
			case needed:
				missing = append(missing, describe(c, v))
			}
		}
	}
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, o.Txn.Operation(), bad...)
		e.Message = fmt.Sprintf("%d answer(s) are not among the control's options; nothing was sent", len(bad))
		return nil, e
	}
	if len(missing) > 0 {
		return nil, MissingError(o.Txn, o.Message, missing)
	}
	if len(ask) > 0 {
		if o.Message != "" && o.ErrOut != nil {
			fmt.Fprintf(o.ErrOut, "%s %s\n", o.Txn.Operation(), o.Message)
		}
		if o.ErrOut != nil {
			showLabels(o.ErrOut, o.Form)
		}
		if err := prompt(o, ask, values); err != nil {
			return nil, err
		}
	}
	for _, g := range o.Form {
		in := sunshine.Inputs{Type: g.Type}
		for _, t := range g.Tags {
			c := control{group: g.Type, tag: t}
			if v, ok := values[c.field()]; ok && c.answerable() {
				in.Inputs = append(in.Inputs, sunshine.Input{Name: c.key(), Value: v})
			}
		}
		if len(in.Inputs) > 0 {
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
	e.Hint = "give each with --set KEY=VALUE (or GROUP.KEY=VALUE, or -f answers.yaml), or run on a terminal to be asked"
	return e
}

// MissingFields lists the answerable controls of a form as missing fields
// (a script cannot answer a form the platform sent back).
func MissingFields(form []sunshine.Tags) []failure.FieldError {
	var out []failure.FieldError
	for _, g := range form {
		for _, t := range g.Tags {
			c := control{group: g.Type, tag: t}
			if c.answerable() {
				out = append(out, describe(c, t.Value()))
			}
		}
	}
	return out
}

func describe(c control, value string) failure.FieldError {
	rule := c.tag.Label()
	if rule == "" {
		rule = c.key()
	}
	rule += " [" + c.typ() + "]"
	if value != "" {
		rule += fmt.Sprintf(", now %q", value)
	}
	if opts := c.tag.Options(); len(opts) > 0 {
		var s []string
		for _, op := range opts {
			s = append(s, op.Label+"="+op.Value)
		}
		rule += ", one of: " + strings.Join(s, ", ")
	}
	return failure.FieldError{Field: c.field(), Rule: rule, Example: example(c)}
}

func example(c control) string {
	v := "VALUE"
	switch c.typ() {
	case "date", "cdate":
		v = "2006-01-02"
	}
	if opts := c.tag.Options(); len(opts) > 0 {
		v = opts[len(opts)-1].Value
	}
	return "--set " + c.key() + "=" + v
}

// Normalise checks an answer against the control: an option may be given
// by value, by label, or as a number equal to a value (YAML turns
// "500000.00" into 500000); dates are yyyy-MM-dd.
func Normalise(t sunshine.Tag, ans string) (string, error) {
	typ := strings.ToLower(t.Type())
	opts := t.Options()
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
			return ans, fmt.Errorf("%q is not a date (yyyy-MM-dd)", ans)
		}
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

// showLabels prints a form's read-only controls (labels, disabled ones)
// that carry a value, so the person sees what the platform filled in.
func showLabels(w io.Writer, form []sunshine.Tags) {
	for _, g := range form {
		for _, t := range g.Tags {
			c := control{group: g.Type, tag: t}
			if c.answerable() || t.Value() == "" {
				continue
			}
			if _, ok := t.Premium(); ok && t.Value() == "" {
				continue
			}
			label := t.Label()
			if label == "" {
				label = c.key()
			}
			fmt.Fprintf(w, "  %s: %s\n", label, t.Value())
		}
	}
}
