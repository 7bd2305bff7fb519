// Package secretstest checks, for the vin-report commands' tests, that
// nothing shown carries a Paoding secret.
package secretstest

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/providers/paoding"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// NoSecrets fails when stdout, stderr or shown carries the sandbox
// password, its digest or sign, or a token the sandbox was sent. The
// failure names what leaked, never its value.
func NoSecrets(t testing.TB, e *cmdtest.Env, shown ...string) {
	t.Helper()
	secrets := map[string]string{
		"password":        paodingsb.TestPassword,
		"password digest": paoding.PasswordDigest(paodingsb.TestPassword),
		"sign":            paoding.Sign(paodingsb.TestUsername, paodingsb.TestPassword),
	}
	for _, r := range e.Received() {
		if tok := r.Header.Get(paoding.HeaderToken); tok != "" {
			secrets["token sent to "+r.Path] = tok
		}
	}
	all := e.Out.String() + e.ErrOut.String() + strings.Join(shown, "")
	for name, v := range secrets {
		if strings.Contains(all, v) {
			t.Errorf("the output shows the %s", name)
		}
	}
}
