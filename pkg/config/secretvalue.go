package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/registry"
)

// MinSecretLength is the fewest characters a secret setting may have.
// Every log line and journal row masks each secret wherever it occurs
// (pkg/httpx's Redactor), as text, not as a whole word, since a server may
// echo it inside other text; a value under four characters is not masked
// at all (masking "a" or "1" would garble every line), so such a secret
// would be shown in clear wherever a server echoed it. Longer short
// secrets are accepted: a partner's password is what the partner issued,
// and refusing it would leave no way to use the account (a common word as
// a secret masks that word in the logs too, a price paid in the logs
// only).
const MinSecretLength = 4

// SecretForm is the example given when a secret breaks checkSecretValue's
// rules: what a good value looks like, since no secret, real or made up,
// belongs in an error message.
var SecretForm = fmt.Sprintf("the whole secret as the partner issued it: one line of %d or more characters, no space at either end, such as a 16-character mix of letters and digits", MinSecretLength)

// checkSecretValue refuses a secret value that could not be masked
// safely: shorter than MinSecretLength, or with white space at either end
// (masked with it, echoed by a server without it), or one that is more
// than one line. The value itself is
// never repeated. Nil for the keyring marker, for a setting that holds a
// file's path or PEM text rather than a credential (sunshine.private-key:
// never sent, never masked), and for a field that is not a secret.
func checkSecretValue(f registry.Field, value string) error {
	if !f.Secret || value == "" || value == KeyringMarker || strings.HasSuffix(f.Key, "private-key") || strings.Contains(value, "-----BEGIN") {
		return nil
	}
	if t := strings.TrimFunc(value, unicode.IsSpace); t != value {
		return fmt.Errorf("has white space at its start or end (a secret is masked in logs as it is given, so a server echoing it trimmed would show it); remove it")
	}
	if strings.ContainsAny(value, "\r\n") {
		// Two lines are two things: a file piped to --secret-stdin that
		// holds a comment or a second key, a variable set from a whole
		// file. Taken whole, it is a wrong secret that fails only later,
		// at the provider, as a refused signature.
		return fmt.Errorf("holds a line break: a secret is one line (was a whole file passed, a comment or a second key with it?)")
	}
	if n := utf8.RuneCountInString(value); n < MinSecretLength {
		return fmt.Errorf("is %d characters long: a secret needs at least %d to be masked in logs and errors", n, MinSecretLength)
	}
	return nil
}
