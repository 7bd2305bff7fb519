// Package shared holds what the policy life-cycle commands (quote, issue,
// cancel) have in common: reading a request body, --set edits, provider
// dispatch, and building and answering through the eBao client.
package shared

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
)

// maxBody bounds a request file; the documented bodies are a few KB, and a
// runaway `-f /dev/zero` must not eat the machine.
const maxBody = 4 << 20

// ReadBody returns the bytes of path, or of stdin when path is "-",
// unchanged: the signature is computed over exactly what was read.
func ReadBody(ios *iostreams.IOStreams, path string) ([]byte, error) {
	b, err := cmdutil.ReadFile(path, ios.In, maxBody)
	name := path
	if path == "-" {
		name = "stdin"
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		err.(*failure.Error).Hint = "start from an example: insure example ebao quote > quote.json"
		return nil, err
	case err != nil:
		return nil, err
	case len(bytes.TrimSpace(b)) == 0:
		return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s is empty; nothing was sent", name),
			Hint: "start from an example: insure example ebao quote > quote.json"}
	}
	return b, nil
}

// Body reads -f and applies --set. Without --set the file's bytes are
// returned untouched; with it, the edited body is serialised once.
func Body(ios *iostreams.IOStreams, path string, sets []string) ([]byte, error) {
	b, err := ReadBody(ios, path)
	if err != nil || len(sets) == 0 {
		return b, err
	}
	return ApplySets(b, sets)
}
