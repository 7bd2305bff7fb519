// Package shared holds what the policy life-cycle commands (quote, issue,
// cancel) have in common: reading a request body, --set edits, provider
// dispatch, and building and answering through the eBao client.
package shared

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
)

// maxBody bounds a request file; the documented bodies are a few KB, and a
// runaway `-f /dev/zero` must not eat the machine.
const maxBody = 4 << 20

// ReadBody returns the bytes of path, or of stdin when path is "-",
// unchanged: the signature is computed over exactly what was read.
func ReadBody(ios *iostreams.IOStreams, path string) ([]byte, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(ios.In, maxBody+1))
	} else {
		var f *os.File
		f, err = os.Open(path)
		if err == nil {
			b, err = io.ReadAll(io.LimitReader(f, maxBody+1))
			f.Close()
		}
	}
	name := path
	if path == "-" {
		name = "stdin"
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("-f %s: no such file; nothing was sent", path),
			Hint: "start from an example: insure example ebao quote > quote.json"}
	case err != nil:
		return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("-f %s: %v; nothing was sent", path, err)}
	case len(b) > maxBody:
		return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s is larger than %d bytes; nothing was sent", name, maxBody)}
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
