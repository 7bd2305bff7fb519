package shared

import (
	"context"
	"fmt"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/providers/sunshine"
)

// Search asks what to look up (a vehicle brand, model or VIN).
func (a *TerminalAsker) Search(_ context.Context, title, current string) (string, error) {
	return a.Prompter.Input(iostreams.Sanitize(title), current)
}

// Pick offers what a look-up found as a select the person can filter: /
// starts the filter (prompter.SelectFiltered), so the line above the
// select says so; typing without it does nothing. The question is written
// there too: a select that is filtering shows its filter line where its
// title would be, so without it a list of provinces would not say whose
// province it asks for.
func (a *TerminalAsker) Pick(_ context.Context, title string, options []sunshine.Option) (int, error) {
	names := make([]string, len(options))
	for i, op := range options {
		names[i] = OptionText(op)
	}
	title = iostreams.Sanitize(title) // holds the platform's label
	fmt.Fprintf(a.IO.ErrOut, "%s (press / to filter)\n", title)
	i, err := prompter.SelectSearch(a.Prompter, title, names)
	if err == nil && i >= 0 && i < len(names) {
		fmt.Fprintf(a.IO.ErrOut, "  %s\n", names[i]) // the select leaves no trace of the choice
	}
	return i, err
}
