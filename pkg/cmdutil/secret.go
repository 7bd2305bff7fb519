package cmdutil

import (
	"bufio"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// ReadSecretStdin reads a secret piped to a --*-stdin flag, trailing
// newline trimmed. Empty stdin is a usage error rather than "no secret":
// a command that then fell back to the profile's secret would act on a
// secret the user did not give. example shows a good invocation.
func ReadSecretStdin(in io.Reader, flag, example string) (string, error) {
	b, err := io.ReadAll(bufio.NewReader(io.LimitReader(in, 1<<20)))
	if err != nil {
		return "", err
	}
	// A file saved by a Windows editor starts with a byte-order mark: it
	// is no part of the secret, and hashed with it every signature failed.
	s := strings.TrimRight(strings.TrimPrefix(string(b), "\ufeff"), "\r\n")
	if s == "" {
		return "", failure.Invalid("", "", failure.FieldError{Field: flag, Rule: "stdin carried no secret", Example: example})
	}
	return s, nil
}
