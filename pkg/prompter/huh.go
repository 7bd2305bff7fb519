package prompter

import (
	"context"
	"errors"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Huh is a Prompter drawn with charmbracelet/huh on the given streams.
type Huh struct {
	In  io.Reader
	Out io.Writer
	// Ctx ends an open prompt when cancelled: it is the process's root
	// context, which SIGINT and SIGTERM cancel. The Prompter interface
	// stays free of contexts so the commands that ask keep their call
	// sites; one process asks one question at a time, under one context.
	Ctx context.Context
	// lineByLine asks in huh's accessible mode, a line per answer: tests
	// drive a form through it, as a pipe has no terminal to draw on.
	lineByLine bool
	// typedAhead holds the keys (and pastes) typed past the end of the last prompt:
	// they are the next prompt's answer, as a shell's line discipline
	// would keep them, not keys to drop.
	typedAhead []tea.Msg
}

func (h *Huh) run(field huh.Field) error {
	return h.runForm(huh.NewForm(huh.NewGroup(field)).WithShowHelp(false))
}

// escQuits is huh's key map with Esc abandoning the prompt as Ctrl-C does
// (ErrAborted, exit 130), for prompts where Esc has no other use: text
// answers, and a multi-select whose filter is off. Fields that filter
// (Select) keep Esc for their filter.
func escQuits() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"))
	return km
}

// escQuitsNoFilter is escQuits with the selects' filter turned off, for
// forms whose selects are short enough to need none. The filter keys are
// bound to no key rather than disabled: huh enables them again whenever
// a select is left (Enter, Tab), and the help line then offered "/
// filter" on a form where it should do nothing. A binding without keys
// is never enabled, so it neither matches nor shows.
func escQuitsNoFilter() *huh.KeyMap {
	km := escQuits()
	km.Select.Filter = key.NewBinding()
	km.Select.SetFilter = key.NewBinding()
	km.Select.ClearFilter = key.NewBinding()
	return km
}

// filterAbove is the most options a select or multi-select shows without
// a filter.
const filterAbove = 10

// runEsc is run for a field where Esc abandons the prompt.
func (h *Huh) runEsc(field huh.Field) error {
	return h.runForm(huh.NewForm(huh.NewGroup(field)).WithShowHelp(false).WithKeyMap(escQuits()))
}

// runWithKeys is run for a field whose keys cannot be guessed: a
// multi-select toggles with x or space, and a long select filters only
// after "/". Their help line says so; without it a person facing a list
// of ticked coverages had no way to learn how to untick one. km nil keeps
// huh's keys.
func (h *Huh) runWithKeys(field huh.Field, km *huh.KeyMap) error {
	f := huh.NewForm(huh.NewGroup(field)).WithShowHelp(true)
	if km != nil {
		f = f.WithKeyMap(km)
	}
	return h.runForm(f)
}

// runForm runs f until it is answered or the context ends. A cancelled
// context always wins over what the form returns: bubbletea turns SIGTERM
// into a plain quit, which huh would report as an answer.
func (h *Huh) runForm(f *huh.Form) error {
	return h.runFormBack(f, nil)
}

// runFormBack is runForm for a form whose checks back says to pass while
// the person is going back (see backing); back nil is a form without.
func (h *Huh) runFormBack(f *huh.Form, back *backing) error {
	ctx := h.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	var err error
	if h.lineByLine {
		if h.In != nil {
			f = f.WithInput(h.In)
		}
		if h.Out != nil {
			f = f.WithOutput(h.Out)
		}
		err = f.WithAccessible(true).RunWithContext(ctx)
	} else {
		carried := h.typedAhead
		h.typedAhead = nil
		h.typedAhead, err = runTypeAhead(ctx, f, h.In, h.Out, carried, back)
	}
	if ctx.Err() != nil {
		return &closedError{cause: context.Cause(ctx)}
	}
	if errors.Is(err, huh.ErrUserAborted) {
		return ErrAborted
	}
	return err
}

func (h *Huh) Input(prompt, def string) (string, error) {
	v := def
	err := h.runEsc(huh.NewInput().Title(prompt).Value(&v))
	return v, err
}

func (h *Huh) Password(prompt string) (string, error) {
	var v string
	err := h.runEsc(huh.NewInput().Title(prompt).EchoMode(huh.EchoModePassword).Value(&v))
	return v, err
}

// Confirm asks yes or no. Esc, like Ctrl-C, abandons the question
// (ErrAborted): the confirmation prompt has no other use for the key.
// Fields that filter (Select) keep Esc for their filter.
func (h *Huh) Confirm(prompt string, def bool) (bool, error) {
	v := def
	err := h.runEsc(huh.NewConfirm().Title(prompt).Value(&v))
	return v, err
}

func (h *Huh) Select(prompt, def string, options []string) (int, error) {
	opts := make([]huh.Option[int], len(options))
	v := 0
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
		if o == def {
			v = i
		}
	}
	sel := huh.NewSelect[int]().Title(prompt).Options(opts...).Value(&v)
	if len(options) > filterAbove {
		return v, h.run(sel) // a long list keeps its filter, and Esc for it
	}
	err := h.runForm(huh.NewForm(huh.NewGroup(sel)).WithShowHelp(false).WithKeyMap(escQuitsNoFilter()))
	return v, err
}

func (h *Huh) MultiSelect(prompt string, defs []string, options []string) ([]int, error) {
	opts := make([]huh.Option[int], len(options))
	var v []int
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
		for _, d := range defs {
			if d == o {
				v = append(v, i)
			}
		}
	}
	ms := huh.NewMultiSelect[int]().Title(prompt).Options(opts...).Value(&v)
	if len(options) > filterAbove {
		// A long list keeps its filter, and Esc for it.
		err := h.runWithKeys(ms, nil)
		return v, err
	}
	// A short list (the configure wizard's providers) needs no filter, so
	// Esc abandons the question as it does the wizard's form.
	// huh sizes an unfiltered list to one row unless told its height (the
	// gift offer showed its first gift only): the title, every option.
	err := h.runWithKeys(ms.Filterable(false).Height(len(options)+1+strings.Count(prompt, "\n")), escQuits())
	return v, err
}

// Form asks every question in one huh form, a page per Group.
func (h *Huh) Form(qs []Question) (map[string]string, error) {
	return h.form(qs, false)
}

// form is Form; with backOut, shift+tab on the first question ends the
// form with ErrBackToChoice and every answer as it stands (see
// BackToChoice).
func (h *Huh) form(qs []Question, backOut bool) (map[string]string, error) {
	if len(qs) == 0 {
		// huh cannot start a form without a field (it panics): there is
		// nothing to ask.
		return map[string]string{}, nil
	}
	values := make([]string, len(qs))
	back := &backing{}
	var groups []*huh.Group
	var fields []huh.Field
	title := ""
	filters := false // a long select keeps Esc for its filter
	// asked says whether question i's page is wanted by the answers
	// before it, as they stand: huh asks while moving between pages.
	pageOf := make([]int, len(qs))
	var asked func(i int) bool
	asked = func(i int) bool {
		first := qs[pageOf[i]]
		if first.Only == nil {
			return true
		}
		before := map[string]string{}
		for j := 0; j < pageOf[i]; j++ {
			if asked(j) {
				before[qs[j].Key] = values[j]
			}
		}
		return first.Only(before)
	}
	flush := func(first int) {
		if len(fields) > 0 {
			g := huh.NewGroup(fields...)
			if title != "" {
				g = g.Title(title)
			}
			if qs[first].Only != nil {
				g = g.WithHideFunc(func() bool { return !asked(first) })
			}
			groups = append(groups, g)
			fields = nil
		}
	}
	first := 0
	for i, q := range qs {
		if i == 0 || q.Group != qs[i-1].Group {
			flush(first)
			title, first = q.Group, i
		}
		pageOf[i] = first
		values[i] = q.Default
		switch {
		case len(q.Options) > 0:
			filters = filters || len(q.Options) > filterAbove
			opts := make([]huh.Option[string], len(q.Options))
			for j, o := range q.Options {
				opts[j] = huh.NewOption(o, o)
			}
			sel := huh.NewSelect[string]().Title(q.Label).Options(opts...).Value(&values[i])
			if q.Validate != nil {
				sel = sel.Validate(back.check(q.Validate))
			}
			fields = append(fields, sel)
		default:
			in := huh.NewInput().Title(withExample(q)).Value(&values[i])
			if q.Secret {
				in = in.EchoMode(huh.EchoModePassword)
			}
			// huh checks the field when it is left and keeps it open while
			// the answer is refused, so a bad check digit is corrected there
			// and then, not after the whole form.
			if q.Validate != nil {
				in = in.Validate(back.check(q.Validate))
			}
			fields = append(fields, in)
		}
		if i == 0 && backOut {
			back.out = &backOutField{Field: fields[0]}
			fields[0] = back.out
		}
	}
	flush(first)
	f := huh.NewForm(groups...).WithShowHelp(true)
	if !filters {
		// Esc abandons the form as Ctrl-C does: nothing is kept. Its
		// selects are short (yes/no, a few kinds) and need no filter, so
		// "/" and Esc are not theirs.
		f = f.WithKeyMap(escQuitsNoFilter())
	}
	if err := h.runFormBack(f, back); err != nil {
		return nil, err
	}
	if back.gone {
		given := map[string]string{}
		for i, q := range qs {
			given[q.Key] = values[i]
		}
		return given, ErrBackToChoice
	}
	out := map[string]string{}
	for i, q := range qs {
		if asked(i) {
			out[q.Key] = values[i]
		}
	}
	return out, nil
}

// backing says the person is going back (shift+tab), while the form
// handles that key and the move it starts. huh checks a field as it is
// left in either direction, and refuses to leave a page whose field was
// refused: shift+tab on an empty required field (the insured's name, the
// next provider's URL) blurred the field and stayed on its page, with no
// field focused and every key but Esc and Ctrl-C ignored. Going back
// submits nothing, so nothing needs checking then: every answer is
// checked again by the Enter or Tab that leaves it forwards, which is
// the only way to the end of the form.
//
// out, when set, is the form's first field, from which shift+tab leaves
// the form for the question asked before it; gone says it did.
type backing struct {
	on   bool
	out  *backOutField
	gone bool
}

// check is validate, passing every answer while b is on.
func (b *backing) check(validate func(string) error) func(string) error {
	return func(v string) error {
		if b.on {
			return nil
		}
		return validate(v)
	}
}

// during runs update with b on, when b is not nil.
func (b *backing) during(update func()) {
	if b == nil {
		update()
		return
	}
	b.on = true
	defer func() { b.on = false }()
	update()
}

// asksWholeForms says Form honours Question.Only in one form. Line by
// line, huh asks every page, hidden or not: AskAll then asks the pages
// between conditions as forms of their own.
func (h *Huh) asksWholeForms() bool { return !h.lineByLine }

// withExample is q's label with its example, inside the label's own
// parentheses when it ends with some ("Vehicle plate (optional; e.g.
// 京A12345)"). In the title rather than as the field's placeholder: the
// text input's placeholder panics at a width huh gives it before the
// terminal's size is known, and counts a wide character as one column.
func withExample(q Question) string {
	if q.Example == "" || q.Secret {
		return q.Label
	}
	if strings.HasSuffix(q.Label, ")") {
		return strings.TrimSuffix(q.Label, ")") + "; e.g. " + q.Example + ")"
	}
	return q.Label + " (e.g. " + q.Example + ")"
}

// closedError is a prompt the process's context closed (SIGINT, SIGTERM).
// Its text leaves the cause out: the error printer follows it with the
// signal ("cancelled: terminated (SIGTERM)"), which the text used to
// repeat on the line before.
type closedError struct{ cause error }

func (e *closedError) Error() string { return "the prompt was closed" }
func (e *closedError) Unwrap() error { return e.cause }
