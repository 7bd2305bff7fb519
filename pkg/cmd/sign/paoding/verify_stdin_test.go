package paoding

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// The sign alone gets a token, so it is a credential: --verify - reads it
// from stdin, where ps and the shell's history do not see it, and a sign
// given on the command line still works but is warned about.
func TestVerifyReadsTheSignFromStdin(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(sandboxSign + "\n")
	if err := run(e, "--verify", "-"); err != nil {
		t.Fatalf("a matching sign piped in: %v\n%s", err, e.ErrOut)
	}
	if out := e.Out.String(); !strings.Contains(out, `"verified":true`) || strings.Contains(out, sandboxSign) {
		t.Fatalf("stdout:\n%s", out)
	}
	if strings.Contains(e.ErrOut.String(), "warning") {
		t.Fatalf("warned of a piped sign: %s", e.ErrOut)
	}

	e = cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("00000000000000000000000000000000")
	if err := run(e, "--verify", "-"); cmdutil.ExitCode(err) != 6 {
		t.Fatalf("a wrong sign piped in: exit %d (%v)", cmdutil.ExitCode(err), err)
	}

	e = cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--verify", sandboxSign); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), `warning: the sign is a credential`) || !strings.Contains(e.ErrOut.String(), "--verify -") {
		t.Fatalf("no warning for a sign on the command line: %q", e.ErrOut)
	}
	if strings.Contains(e.ErrOut.String(), sandboxSign) {
		t.Fatalf("the warning repeats the sign: %q", e.ErrOut)
	}

	// Both from stdin cannot be: exit 2, naming the way out.
	e = cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("secret-password\n")
	err := run(e, "--username", "acme", "--password-stdin", "--verify", "-")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--verify -") || !strings.Contains(err.Error(), "INSURE_PAODING_PASSWORD") || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v; stdout %q", cmdutil.ExitCode(err), err, e.Out)
	}
}
