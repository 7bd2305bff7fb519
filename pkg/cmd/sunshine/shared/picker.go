package shared

import (
	"context"

	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// Search asks what to look up (a vehicle brand, model or VIN).
func (a *TerminalAsker) Search(_ context.Context, title, current string) (string, error) {
	return a.Prompter.Input(title, current)
}

// Pick offers what a look-up found as a select the person can filter by
// typing.
func (a *TerminalAsker) Pick(_ context.Context, title string, options []sunshine.Option) (int, error) {
	names := make([]string, len(options))
	for i, op := range options {
		names[i] = OptionText(op)
	}
	return prompter.SelectSearch(a.Prompter, title, names)
}
