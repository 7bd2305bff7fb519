// Package prompter asks a person questions. Commands depend on the Prompter
// interface only; the huh-backed implementation is built on first use so
// that commands which never prompt never initialise a terminal UI.
package prompter

import (
	"errors"
	"fmt"
	"slices"
)

// ErrNoPrompt is returned when a prompt would be needed but input is not
// interactive; callers turn it into a usage error naming the flag to use.
var ErrNoPrompt = errors.New("prompt needed but input is not interactive")

// Prompter is the small surface commands use.
type Prompter interface {
	Input(prompt, defaultValue string) (string, error)
	Password(prompt string) (string, error)
	Confirm(prompt string, defaultValue bool) (bool, error)
	// Select returns the index of the chosen option.
	Select(prompt string, defaultValue string, options []string) (int, error)
	MultiSelect(prompt string, defaults []string, options []string) ([]int, error)
}

// Question is one field of a multi-question form.
type Question struct {
	Key     string // the answer's key in Form's result
	Label   string
	Default string
	// Example is a good answer, shown with the label ("e.g. 京A12345"):
	// every prompt says what it wants with an example. Not shown for a
	// secret.
	Example string
	Secret  bool     // typed without echo
	Options []string // non-empty: choose one of these
	// Group titles the page the question is on; consecutive questions with
	// the same Group share a page.
	Group string
	// Validate, when set, checks an answer as it is entered: a refused
	// answer is not accepted, and the error (the rule and an example of a
	// good value) is shown beside the field.
	Validate func(string) error
	// Only, on a page's first question, asks the page only when it
	// returns true for the answers of the pages before it (by Key): the
	// insured person's page after "is the insured the holder? no". In
	// one form the page is skipped while not wanted and stays reachable
	// both ways (shift+tab goes back over it), rather than being a second
	// form the first cannot be reached from.
	Only func(answers map[string]string) bool
}

// retries is how many times AskAll asks one question again after its
// answer is refused, when the prompter has no form to keep it open.
const retries = 3

// FormPrompter asks several questions in one form, so keys typed ahead are
// never lost between questions and the terminal is set up once.
type FormPrompter interface {
	Form(qs []Question) (map[string]string, error)
}

// wholeForms is a FormPrompter whose Form honours Only itself, as one
// form; others are given the pages between conditions as separate forms.
type wholeForms interface {
	FormPrompter
	asksWholeForms() bool
}

// AskAll asks qs with p's Form when it has one, else one by one. A page
// whose Only says no is not asked, and its keys are not in the answers.
func AskAll(p Prompter, qs []Question) (map[string]string, error) {
	if wf, ok := p.(wholeForms); ok && wf.asksWholeForms() {
		return wf.Form(qs)
	}
	if !slices.ContainsFunc(qs, func(q Question) bool { return q.Only != nil }) {
		if fp, ok := p.(FormPrompter); ok {
			return fp.Form(qs)
		}
		return askOneByOne(p, qs)
	}
	out := map[string]string{}
	ask := func(batch []Question) error {
		if len(batch) == 0 {
			return nil
		}
		var got map[string]string
		var err error
		if fp, ok := p.(FormPrompter); ok {
			got, err = fp.Form(batch)
		} else {
			got, err = askOneByOne(p, batch)
		}
		for k, v := range got {
			out[k] = v
		}
		return err
	}
	// Pages without a condition are asked together; a condition needs
	// the answers before it, so the batch before it is asked first.
	var batch []Question
	for _, page := range pages(qs) {
		if page[0].Only != nil {
			if err := ask(batch); err != nil {
				return nil, err
			}
			batch = nil
			if !page[0].Only(out) {
				continue
			}
			// Decided: the form it is asked in has nothing to decide.
			page = slices.Clone(page)
			page[0].Only = nil
		}
		batch = append(batch, page...)
	}
	if err := ask(batch); err != nil {
		return nil, err
	}
	return out, nil
}

// pages splits qs into runs of consecutive questions of one Group.
func pages(qs []Question) [][]Question {
	var out [][]Question
	for i, q := range qs {
		if i == 0 || q.Group != qs[i-1].Group {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], q)
	}
	return out
}

// askOneByOne asks qs a prompt at a time.
func askOneByOne(p Prompter, qs []Question) (map[string]string, error) {
	out := map[string]string{}
	for _, q := range qs {
		var v string
		var err error
		switch {
		case q.Secret:
			v, err = p.Password(q.Label)
		case len(q.Options) > 0:
			var i int
			i, err = p.Select(q.Label, q.Default, q.Options)
			if err == nil {
				v = q.Options[i]
			}
		default:
			v, err = p.Input(q.Label, q.Default)
			// Without a form the field cannot stay open: ask again,
			// pre-filled with the refused answer so it can be corrected.
			for try := 0; err == nil && q.Validate != nil; try++ {
				verr := q.Validate(v)
				if verr == nil {
					break
				}
				if try == retries {
					return nil, fmt.Errorf("%s: %w", q.Label, verr)
				}
				v, err = p.Input(q.Label, v)
			}
		}
		if err == nil && q.Validate != nil && (q.Secret || len(q.Options) > 0) {
			if verr := q.Validate(v); verr != nil {
				err = fmt.Errorf("%s: %w", q.Label, verr)
			}
		}
		if err != nil {
			return nil, err
		}
		out[q.Key] = v
	}
	return out, nil
}
