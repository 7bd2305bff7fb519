package batchcmd

import (
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
)

// confirm asks once for a batch of acts. A batch's stdout is its results,
// usually redirected (> results.jsonl), while the person is at the
// terminal on stdin and stderr, so it asks when those two are terminals;
// the prompter draws on stderr (pkg/cmd/factory), never in the results.
// With --batch - stdin is the requests and cannot also answer: --yes.
func confirm(ios *iostreams.IOStreams, p func() prompter.Prompter, yes, stdinIsInput bool, question string) error {
	if !yes && stdinIsInput && ios.CanPromptOnStderr() {
		// "not running interactively" would be wrong: the person is there,
		// typing (or pasting) the requests.
		return &failure.Error{Kind: failure.Usage,
			Message: "--yes is required with --batch -: stdin holds the requests, so it cannot answer a prompt; nothing was sent",
			Hint:    "add --yes to confirm: " + question + " (or give the requests as a file, --batch FILE, to be asked)"}
	}
	return cmdutil.ConfirmActIf(!stdinIsInput && ios.CanPromptOnStderr(), p, yes, question)
}
