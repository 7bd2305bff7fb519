// Package shared holds what the sign commands check alike.
package shared

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

// MD5Hex checks a value given to compare with an MD5 signature (--verify,
// paoding's sign, bihu's SecCode, ebao's signature) and returns it without
// the spaces and newline a paste brings along. A value that cannot be 32
// hex digits is a typo or the wrong thing pasted, not a mismatch: it is
// reported as a usage error (exit 2) naming the flag, so the user is not
// sent comparing canonical strings for nothing.
func MD5Hex(flag, value, example string) (string, *failure.FieldError) {
	v := strings.TrimSpace(value)
	if len(v) == 32 && strings.Trim(v, "0123456789abcdefABCDEF") == "" {
		return v, nil
	}
	got := fmt.Sprintf("%d characters", len([]rune(v)))
	if len(v) == 32 {
		got = "a character that is not a hex digit"
	}
	return v, &failure.FieldError{Field: flag, Rule: "is an MD5 signature: 32 hex digits (got " + got + ")", Example: flag + " " + example}
}

// ReadSecretStdin reads a secret piped to flag, as cmdutil.ReadSecretStdin
// does, and names the provider and the sign operation in its error, as
// every other error of the sign commands does.
func ReadSecretStdin(in io.Reader, provider, operation, flag, example string) (string, error) {
	s, err := cmdutil.ReadSecretStdin(in, flag, example)
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Provider == "" {
		fe.Provider, fe.Operation = provider, operation
	}
	return s, err
}

// SecretStdin reads a secret piped to flag like ReadSecretStdin, but a
// stdin that carried no secret is added to bad instead of returned, so
// it is reported with every other bad field at once; only an I/O error
// is returned.
func SecretStdin(in io.Reader, provider, operation, flag, example string, bad *[]failure.FieldError) (string, error) {
	s, err := ReadSecretStdin(in, provider, operation, flag, example)
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Kind == failure.Usage && len(fe.Fields) > 0 {
		*bad = append(*bad, fe.Fields...)
		return "", nil
	}
	return s, err
}

// GivenEmpty refuses a value flag given with nothing in it (--verify ""):
// a script's `--verify "$SIG"` with $SIG unset would otherwise sign and
// exit 0, which reads as a match. Nil when each named flag is absent or
// holds something.
func GivenEmpty(cmd *cobra.Command, names ...string) error {
	var bad []failure.FieldError
	for _, name := range names {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed && strings.TrimSpace(fl.Value.String()) == "" {
			bad = append(bad, failure.FieldError{Field: "--" + name, Rule: "was given an empty value (an unset variable?): give the value to check, or leave the flag out",
				Example: "--" + name + " 0123456789abcdef0123456789abcdef"})
		}
	}
	if len(bad) == 0 {
		return nil
	}
	// The provider is the command under sign (sign ebao, sign bihu
	// renew), as every other error of the sign commands names it.
	provider := cmd
	for provider.HasParent() && provider.Parent().Name() != "sign" {
		provider = provider.Parent()
	}
	return &failure.Error{Kind: failure.Usage, Provider: provider.Name(), Operation: "sign", Message: "an empty value to check; nothing was signed", Fields: bad}
}
