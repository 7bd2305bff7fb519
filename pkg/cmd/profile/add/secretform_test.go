package add

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A secret on stdin that breaks a rule (too short, spaces around it) is
// refused with an example of a good value: its form, since no secret,
// even a made-up one, belongs in an error.
func TestAddSecretStdinRuleShowsTheFormOfAGoodSecret(t *testing.T) {
	for in, rule := range map[string]string{
		"ab9":       "is 3 characters long: a secret needs at least 4",
		" x7-q9kw ": "has white space at its start or end",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(in)
		err := run(e, "ci", "--secret-stdin", "paoding.password")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		msg := shown(e, err)
		for _, s := range []string{"--secret-stdin paoding.password: " + rule,
			"(for example the whole secret as the partner issued it: one line of 4 or more characters, no space at either end"} {
			if !strings.Contains(msg, s) {
				t.Errorf("%q does not say %q", msg, s)
			}
		}
		if strings.Contains(msg, strings.TrimSpace(in)) {
			t.Errorf("the secret is repeated: %q", msg)
		}
		notWritten(t, e)
	}
}
