package prompter

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// ErrBackToChoice is shift+tab on the first question of a form asked
// straight after a multi-select, through BackToChoice: the person wants
// that choice back. The caller asks again from the choice; the prompter
// keeps the answers given.
var ErrBackToChoice = errors.New("went back from the form to the choice before it")

// BackToChoice wraps p for a caller that asks a multi-select and then a
// form whose questions follow from what was ticked (the configure
// wizard: the providers, then a page per provider). On a terminal,
// shift+tab on the form's first question ends the form with
// ErrBackToChoice, its help line saying "shift+tab back" as every other
// page's does; the caller then asks again from the multi-select. Asked
// again, the multi-select starts from what was ticked, and the form from
// the answers given, so going back loses nothing typed.
func BackToChoice(p Prompter) Prompter {
	return &choiceThenForm{Prompter: p, ticked: map[string][]string{}, given: map[string]string{}}
}

type choiceThenForm struct {
	Prompter
	// afterChoice: the last prompt was a multi-select, so a form asked
	// now can go back to it.
	afterChoice bool
	ticked      map[string][]string // by the multi-select's prompt
	given       map[string]string   // by Question.Key
}

func (c *choiceThenForm) Input(prompt, def string) (string, error) {
	c.afterChoice = false
	return c.Prompter.Input(prompt, def)
}

func (c *choiceThenForm) Password(prompt string) (string, error) {
	c.afterChoice = false
	return c.Prompter.Password(prompt)
}

func (c *choiceThenForm) Confirm(prompt string, def bool) (bool, error) {
	c.afterChoice = false
	return c.Prompter.Confirm(prompt, def)
}

func (c *choiceThenForm) Select(prompt, def string, options []string) (int, error) {
	c.afterChoice = false
	return c.Prompter.Select(prompt, def, options)
}

func (c *choiceThenForm) MultiSelect(prompt string, defs []string, options []string) ([]int, error) {
	if t, ok := c.ticked[prompt]; ok {
		defs = t
	}
	idx, err := c.Prompter.MultiSelect(prompt, defs, options)
	c.afterChoice = err == nil
	if err == nil {
		var t []string
		for _, i := range idx {
			t = append(t, options[i])
		}
		c.ticked[prompt] = t
	}
	return idx, err
}

// Form asks qs pre-filled with the answers given before going back. Only
// a terminal's form can go back: line by line, and with other
// prompters, it is AskAll's.
func (c *choiceThenForm) Form(qs []Question) (map[string]string, error) {
	afterChoice := c.afterChoice
	c.afterChoice = false
	if len(c.given) > 0 {
		qs = append([]Question(nil), qs...)
		for i, q := range qs {
			if v, ok := c.given[q.Key]; ok {
				qs[i].Default = v
			}
		}
	}
	h, ok := c.Prompter.(*Huh)
	if !ok || !afterChoice || !h.asksWholeForms() {
		return AskAll(c.Prompter, qs)
	}
	answers, err := h.form(qs, true)
	if errors.Is(err, ErrBackToChoice) {
		for k, v := range answers {
			c.given[k] = v
		}
		return nil, err
	}
	return answers, err
}

// asksWholeForms: Form honours Only itself, through AskAll.
func (c *choiceThenForm) asksWholeForms() bool { return true }

// SelectFiltered keeps the filterable select of the prompter wrapped.
func (c *choiceThenForm) SelectFiltered(prompt string, options []string) (int, error) {
	c.afterChoice = false
	return SelectSearch(c.Prompter, prompt, options)
}

// backOutField is a form's first field told it is not the first: huh
// binds shift+tab (and shows "shift+tab back") on every field but the
// form's first, and here shift+tab there leaves the form for the
// question before it (see typeAhead.key).
type backOutField struct{ huh.Field }

func (f *backOutField) WithPosition(p huh.FieldPosition) huh.Field {
	p.FirstGroup = -1
	f.Field.WithPosition(p)
	return f
}

// Update keeps the field wrapped: huh puts back the field Update returns.
func (f *backOutField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	m, cmd := f.Field.Update(msg)
	f.Field = m.(huh.Field)
	return f, cmd
}
