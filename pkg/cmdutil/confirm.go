package cmdutil

import (
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
)

// ConfirmAct guards acts that spend money or change a policy. With --yes it
// passes; on a terminal it asks; otherwise it refuses with a usage error,
// because a prompt must never block a script.
func ConfirmAct(ios *iostreams.IOStreams, p func() prompter.Prompter, yes bool, question string) error {
	return ConfirmActIf(ios.CanPrompt(), p, yes, question)
}

// ConfirmActIf is ConfirmAct for a caller that decides itself whether a
// prompt can be shown: a batch, whose stdout is its results, asks when
// stdin and stderr are terminals (the prompter draws on stderr).
func ConfirmActIf(canPrompt bool, p func() prompter.Prompter, yes bool, question string) error {
	if yes {
		return nil
	}
	if !canPrompt {
		return &failure.Error{Kind: failure.Usage,
			Message: "--yes is required when not running interactively",
			Hint:    "add --yes to confirm: " + question}
	}
	ok, err := p().Confirm(question, false)
	if err != nil {
		return err
	}
	if !ok {
		return Declined{}
	}
	return nil
}

// Declined is "no" at a confirmation. The user decided; nothing failed:
// the process exits 0 and says that nothing was sent.
type Declined struct{}

func (Declined) Error() string { return "not confirmed; nothing was sent" }
