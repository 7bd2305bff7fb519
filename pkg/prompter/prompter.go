// Package prompter asks a person questions. Commands depend on the Prompter
// interface only; the huh-backed implementation is built on first use so
// that commands which never prompt never initialise a terminal UI.
package prompter

import (
	"errors"
	"fmt"
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
}

// retries is how many times AskAll asks one question again after its
// answer is refused, when the prompter has no form to keep it open.
const retries = 3

// FormPrompter asks several questions in one form, so keys typed ahead are
// never lost between questions and the terminal is set up once.
type FormPrompter interface {
	Form(qs []Question) (map[string]string, error)
}

// AskAll asks qs with p's Form when it has one, else one by one.
func AskAll(p Prompter, qs []Question) (map[string]string, error) {
	if fp, ok := p.(FormPrompter); ok {
		return fp.Form(qs)
	}
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
