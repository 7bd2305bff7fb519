package shared

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// TerminalAsker asks a person on a terminal what a purchase's answers
// leave open: each form control as a prompt, the verification code.
type TerminalAsker struct {
	Prompter prompter.Prompter
	IO       *iostreams.IOStreams
}

// NewAsker is the Asker of a command: a TerminalAsker when prompting is
// possible, otherwise nil, so a script gets a usage error listing every
// answer still needed instead of a prompt that would hang it.
func NewAsker(ios *iostreams.IOStreams, p func() prompter.Prompter) purchase.Asker {
	if !ios.CanPrompt() {
		return nil
	}
	return &TerminalAsker{Prompter: p(), IO: ios}
}

// Ask shows the platform's message and the form's read-only values, then
// asks the controls. Controls asked again after the platform's field
// check refused them are shown with its reason and a value to copy
// instead: the form was seen already.
func (a *TerminalAsker) Ask(_ context.Context, q purchase.Questions) (map[string]string, error) {
	if q.Message != "" {
		fmt.Fprintf(a.IO.ErrOut, "%s %s\n", q.Transaction.Operation(), iostreams.Sanitize(failure.OneLine(q.Message)))
	}
	if len(q.Refused) == 0 {
		showLabels(a.IO.ErrOut, q.Form)
	}
	showRefused(a.IO, q)
	values := map[string]string{}
	for k, v := range q.Current {
		values[k] = v
	}
	if err := prompt(a.Prompter, q.Transaction.Operation(), q.Controls, values, q.Now); err != nil {
		return nil, err
	}
	return values, nil
}

// Choose asks which controls to change, showing each one's value.
func (a *TerminalAsker) Choose(_ context.Context, title string, controls []purchase.Control) ([]int, error) {
	names := make([]string, 0, len(controls))
	for _, c := range controls {
		cur := c.Tag.Value()
		if l := purchase.OptionLabel(c.Tag, cur); l != "" {
			cur = l
		}
		names = append(names, fmt.Sprintf("%s: %s", ControlLabel(c), cur))
	}
	return a.Prompter.MultiSelect(title, nil, names)
}

// VerificationCode asks for the applicant's code, after saying why the
// previous one was refused.
func (a *TerminalAsker) VerificationCode(_ context.Context, refused error) (string, error) {
	var fe *failure.Error
	if errors.As(refused, &fe) {
		fmt.Fprintf(a.IO.ErrOut, "%s %s\n", a.IO.ErrColorScheme().FailureIcon(), iostreams.Sanitize(fe.Message))
	}
	return a.Prompter.Input("Verification code texted to the applicant (empty: send it again)", "")
}

// StderrProgress tells on stderr how a purchase goes: each step on a
// terminal, notes always.
type StderrProgress struct {
	IO *iostreams.IOStreams
}

// Answered says on a terminal's stderr what each step answered.
func (p StderrProgress) Answered(t sunshine.Transaction, resp *sunshine.Response) {
	if !p.IO.IsStderrTTY() {
		return
	}
	cs := p.IO.ErrColorScheme()
	switch {
	case resp.ResponseCode != "" && resp.ResponseCode != "success":
		return // 126/127 refused: the caller reports the platform's message
	case resp.Status == sunshine.StatusOK:
		fmt.Fprintf(p.IO.ErrOut, "%s %s %s\n", cs.SuccessIcon(), t, t.Name())
	case resp.Status == sunshine.StatusNeedForm:
		if t == sunshine.TxnBasicInfo { // the vehicle form is this step's normal answer
			fmt.Fprintf(p.IO.ErrOut, "%s %s %s: session %s, vehicle form received\n", cs.SuccessIcon(), t, t.Name(), resp.Header.SessionID)
			return
		}
		fmt.Fprintf(p.IO.ErrOut, "%s %s %s: the platform asks for more input\n", cs.WarningIcon(), t, t.Name())
	}
}

// Note prints text on stderr, terminal or not.
func (p StderrProgress) Note(text string) { fmt.Fprintln(p.IO.ErrOut, iostreams.Sanitize(text)) }

// PromptLabel is the text a control is asked with: its label and key, so
// a person can reuse the key with --set next time.
func PromptLabel(t sunshine.Tag) string {
	label := iostreams.Sanitize(t.Label()) // the platform's text
	if label == "" {
		return t.Key()
	}
	return label + " (" + t.Key() + ")"
}

// ControlLabel is PromptLabel for a control of a form: in a group the
// form repeats (two drivers) the key alone does not say which one, so the
// label carries the whole GROUP[N].KEY that --set takes.
func ControlLabel(c purchase.Control) string {
	if !c.Repeated {
		return PromptLabel(c.Tag)
	}
	label := iostreams.Sanitize(c.Tag.Label())
	if label == "" {
		return c.Field()
	}
	return label + " (" + c.Field() + ")"
}

// OptionText is how an option is shown in a select.
func OptionText(op sunshine.Option) string {
	// The platform's text, shown in a prompt.
	if op.Label == op.Value || op.Value == "" {
		return iostreams.Sanitize(op.Label)
	}
	return iostreams.Sanitize(op.Label + " = " + op.Value)
}

// prompt asks the controls in one form where the prompter can (typed-ahead
// keys are then not lost between questions), checkboxes separately.
func prompt(p prompter.Prompter, operation string, ask []purchase.Control, values map[string]string, now time.Time) error {
	var qs []prompter.Question
	var checks []purchase.Control
	byKey := map[string]purchase.Control{}
	asked := map[string]bool{}
	for _, c := range ask {
		asked[c.Field()] = true
	}
	for _, c := range ask {
		opts := c.Tag.Options()
		if c.Type() == "checkbox" {
			checks = append(checks, c)
			continue
		}
		// Each group of a repeated type gets its own page.
		q := prompter.Question{Key: c.Field(), Label: ControlLabel(c), Default: values[c.Field()], Group: c.GroupName(), Example: c.Example()}
		if (c.Type() == "select" || c.Type() == "radio") && len(opts) > 0 {
			q.Default = ""
			for _, op := range opts {
				q.Options = append(q.Options, OptionText(op))
				if op.Value == values[c.Field()] {
					q.Default = OptionText(op)
				}
			}
		}
		if c.Type() == "date" || c.Type() == "cdate" {
			q.Label += " [yyyy-mm-dd]"
		}
		// Checked as typed, by the rules a script's answer meets: a bad
		// answer stays in its field to be corrected, never sent.
		q.Validate = func(typed string) error {
			v, bad := purchase.CheckAnswer(c, optionValue(c, strings.TrimSpace(typed)), now)
			if bad != nil {
				return &refusedAnswer{control: c, bad: bad}
			}
			// The ID number's rule depends on its ID type: checked here
			// when the type is not on this form to be changed (then
			// the form's answers are checked together, before sending).
			if !asked[purchase.IDTypeField(c)] {
				idType, _ := purchase.IDTypeOf(c, values)
				if bad := purchase.CheckIDAnswer(c, v, idType); bad != nil {
					return &refusedAnswer{control: c, bad: bad}
				}
			}
			return nil
		}
		byKey[c.Field()] = c
		qs = append(qs, q)
	}
	if len(qs) > 0 {
		got, err := prompter.AskAll(p, qs)
		var refused *refusedAnswer
		if errors.As(err, &refused) {
			// Every retry refused (a prompter without a form to keep the
			// field open): exit 2 naming it rather than send it.
			e := failure.Invalid(sunshine.Provider, operation, refused.field())
			e.Message = "an answer typed at the prompt was refused at every try; nothing was sent"
			return e
		}
		if err != nil {
			return err
		}
		for _, q := range qs {
			values[q.Key] = optionValue(byKey[q.Key], strings.TrimSpace(got[q.Key]))
		}
	}
	for _, c := range checks {
		opts := c.Tag.Options()
		if len(opts) == 0 {
			ok, err := p.Confirm(ControlLabel(c), values[c.Field()] == "1")
			if err != nil {
				return err
			}
			values[c.Field()] = map[bool]string{true: "1", false: "0"}[ok]
			continue
		}
		var names, defs []string
		cur := map[string]bool{}
		for _, v := range strings.Split(values[c.Field()], ",") {
			cur[v] = true
		}
		for _, op := range opts {
			names = append(names, OptionText(op))
			if cur[op.Value] {
				defs = append(defs, OptionText(op))
			}
		}
		idx, err := p.MultiSelect(ControlLabel(c), defs, names)
		if err != nil {
			return err
		}
		var vals []string
		for _, i := range idx {
			if i >= 0 && i < len(opts) {
				vals = append(vals, opts[i].Value)
			}
		}
		values[c.Field()] = strings.Join(vals, ",")
	}
	return nil
}

// optionValue is the value of the option of c shown as text, or text.
func optionValue(c purchase.Control, text string) string {
	for _, op := range c.Tag.Options() {
		if OptionText(op) == text {
			return op.Value
		}
	}
	return text
}

// refusedAnswer is the rule an answer typed for a control broke; its
// text is what the prompt shows beside the field.
type refusedAnswer struct {
	control purchase.Control
	bad     *purchase.BadAnswer
}

func (e *refusedAnswer) Error() string { return e.bad.Error() }

// field is the refusal as a script's would be told: the example is the
// --set that gives a good value (with the session, the hint says how).
func (e *refusedAnswer) field() failure.FieldError {
	f := failure.FieldError{Field: e.control.Field(), Rule: e.bad.Rule}
	if e.bad.Good != "" {
		name := e.control.Key()
		if e.control.Repeated {
			name = e.control.Field()
		}
		f.Example = "--set " + name + "=" + e.bad.Good
	}
	return f
}

// showRefused prints, for each control the platform's field check
// refused, its reason and an example of a value the control takes.
func showRefused(ios *iostreams.IOStreams, q purchase.Questions) {
	for _, c := range q.Controls {
		why, ok := q.Refused[c.Field()]
		if !ok {
			continue
		}
		// The platform's text, on a terminal.
		line := ControlLabel(c) + ": " + iostreams.Sanitize(why)
		if ex := c.Example(); ex != "" {
			line += " (for example " + ex + ")"
		}
		fmt.Fprintf(ios.ErrOut, "%s %s\n", ios.ErrColorScheme().FailureIcon(), line)
	}
}

// showLabels prints a form's read-only controls (labels, disabled ones)
// that carry a value, so the person sees what the platform filled in.
func showLabels(w io.Writer, form []sunshine.Tags) {
	for _, g := range purchase.FormGroups(form) {
		for _, t := range g.Tags {
			c := g.Control(t)
			if c.Answerable() || t.Value() == "" {
				continue
			}
			if _, ok := t.Premium(); ok && t.Value() == "" {
				continue
			}
			label := t.Label()
			if label == "" {
				label = c.Key()
			}
			if c.Repeated {
				label += " (" + c.GroupName() + ")"
			}
			// The platform's text, on a terminal.
			fmt.Fprintf(w, "  %s: %s\n", iostreams.Sanitize(label), iostreams.Sanitize(t.Value()))
		}
	}
}

// SessionAborted is Ctrl-C or Esc at a prompt of a purchase whose session
// the platform has already opened: prompter.ErrAborted alone says that
// nothing was sent and gives no way back, but the steps before the prompt
// were sent and the session is saved. It keeps exit 130 (it wraps err)
// and names the command that continues the session. Other errors, and an
// abort before any session exists, are returned as they are.
func SessionAborted(err error, s *purchase.Session, command string, flags ...string) error {
	if !errors.Is(err, prompter.ErrAborted) || s == nil || s.ID == "" {
		return err
	}
	return &failure.Error{Provider: sunshine.Provider, Operation: command,
		Message: "interrupted at a prompt (Ctrl-C or Esc); the answers of that form were not sent, and session " + s.ID + " is saved",
		Hint:    "continue it with `insure sunshine " + strings.Join(append([]string{command, "--session", s.ID}, flags...), " ") + "`",
		Err:     err}
}

// LookupAborted is Ctrl-C or Esc at the form of the 095 vehicle lookup:
// the lookup was sent, so prompter.ErrAborted's "nothing was sent" is
// wrong, but it only reads what the platform knows of the vehicle and no
// session was opened, so there is nothing to continue. Before 100 only
// 095 leaves the flow a LastResponse. It keeps exit 130 (it wraps err);
// other errors, and an abort at another stage, are returned as they are.
func LookupAborted(err error, fl *purchase.Flow) error {
	if !errors.Is(err, prompter.ErrAborted) || fl.Session == nil || fl.Session.ID != "" || fl.LastResponse == nil {
		return err
	}
	var fe *failure.Error
	if errors.As(err, &fe) {
		return err // already told
	}
	return &failure.Error{Provider: sunshine.Provider, Operation: "quote",
		Message: "interrupted at a prompt (Ctrl-C or Esc); only the vehicle lookup (095, a read) was sent: no session was opened and the answers of its form were not sent",
		Hint:    "nothing is saved to continue: run the quote again to start over",
		Err:     err}
}
