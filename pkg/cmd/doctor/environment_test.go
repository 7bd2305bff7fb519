package doctor_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A misspelt override (INSURE_PAODING_PASWORD) is ignored by every
// command, and doctor used to report every check passed while the user
// believed it in force. It is a warning naming the variable and the one
// meant, never its value; the exit code stays 0.
func TestAMisspeltProviderVariableIsAWarning(t *testing.T) {
	t.Setenv("INSURE_PAODING_PASWORD", "Typo-Secret-42")
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	rep, byName := reportOf(t, e.Out.Bytes())
	c, ok := byName["paoding environment INSURE_PAODING_PASWORD"]
	if !ok || c.Status != "warn" || !strings.Contains(c.Detail, "is ignored") ||
		!strings.Contains(c.Hint, "did you mean INSURE_PAODING_PASSWORD?") {
		t.Fatalf("%+v (present %v)\n%s", c, ok, e.Out)
	}
	if !rep.OK {
		t.Errorf("a warning failed the report: %s", e.Out)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), "Typo-Secret-42") {
		t.Errorf("the variable's value was printed:\n%s\n%s", e.Out, e.ErrOut)
	}
	// A variable that is a setting, and an empty one, are not warned about.
	t.Setenv("INSURE_PAODING_PASWORD", "")
	t.Setenv("INSURE_PAODING_USERNAME", "sandbox-4s")
	e = cmdtest.New(t, cmdtest.Options{})
	_ = run(e)
	if strings.Contains(e.Out.String(), `"environment"`) {
		t.Errorf("unexpected environment check:\n%s", e.Out)
	}
}
