// Package prompter asks a person questions. Commands depend on the Prompter
// interface only; the huh-backed implementation is built on first use so
// that commands which never prompt never initialise a terminal UI.
package prompter

import "errors"

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
