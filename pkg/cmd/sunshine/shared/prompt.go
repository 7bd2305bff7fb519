package shared

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// PromptLabel is the text a control is asked with: its label and key, so
// a person can reuse the key with --set next time.
func PromptLabel(t sunshine.Tag) string {
	label := t.Label()
	if label == "" {
		return t.Key()
	}
	return label + " (" + t.Key() + ")"
}

// OptionText is how an option is shown in a select.
func OptionText(op sunshine.Option) string {
	if op.Label == op.Value || op.Value == "" {
		return op.Label
	}
	return op.Label + " = " + op.Value
}

// prompt asks the controls in one form where the prompter can (typed-ahead
// keys are then not lost between questions), checkboxes separately.
func prompt(o FillOptions, ask []control, values map[string]string) error {
	var qs []prompter.Question
	var checks []control
	byKey := map[string]control{}
	for _, c := range ask {
		opts := c.tag.Options()
		if c.typ() == "checkbox" {
			checks = append(checks, c)
			continue
		}
		q := prompter.Question{Key: c.field(), Label: PromptLabel(c.tag), Default: values[c.field()], Group: c.group}
		if (c.typ() == "select" || c.typ() == "radio") && len(opts) > 0 {
			q.Default = ""
			for _, op := range opts {
				q.Options = append(q.Options, OptionText(op))
				if op.Value == values[c.field()] {
					q.Default = OptionText(op)
				}
			}
		}
		if c.typ() == "date" || c.typ() == "cdate" {
			q.Label += " [yyyy-mm-dd]"
		}
		byKey[c.field()] = c
		qs = append(qs, q)
	}
	if len(qs) > 0 {
		got, err := prompter.AskAll(o.Prompter, qs)
		if err != nil {
			return err
		}
		for _, q := range qs {
			c := byKey[q.Key]
			v := strings.TrimSpace(got[q.Key])
			if len(q.Options) > 0 {
				for _, op := range c.tag.Options() {
					if OptionText(op) == v {
						v = op.Value
					}
				}
			}
			// A mistyped date is asked again rather than sent to be refused.
			for tries := 0; tries < 3; tries++ {
				nv, err := Normalise(c.tag, v)
				if err == nil {
					v = nv
					break
				}
				fmt.Fprintf(o.ErrOut, "%s\n", err)
				if v, err = o.Prompter.Input(q.Label, ""); err != nil {
					return err
				}
			}
			values[q.Key] = v
		}
	}
	for _, c := range checks {
		opts := c.tag.Options()
		if len(opts) == 0 {
			ok, err := o.Prompter.Confirm(PromptLabel(c.tag), values[c.field()] == "1")
			if err != nil {
				return err
			}
			values[c.field()] = map[bool]string{true: "1", false: "0"}[ok]
			continue
		}
		var names, defs []string
		cur := map[string]bool{}
		for _, v := range strings.Split(values[c.field()], ",") {
			cur[v] = true
		}
		for _, op := range opts {
			names = append(names, OptionText(op))
			if cur[op.Value] {
				defs = append(defs, OptionText(op))
			}
		}
		idx, err := o.Prompter.MultiSelect(PromptLabel(c.tag), defs, names)
		if err != nil {
			return err
		}
		var vals []string
		for _, i := range idx {
			if i >= 0 && i < len(opts) {
				vals = append(vals, opts[i].Value)
			}
		}
		values[c.field()] = strings.Join(vals, ",")
	}
	return nil
}
