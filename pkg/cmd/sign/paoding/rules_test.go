package paoding

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// The sandbox account's sign, as docs/providers/paoding.md works it out.
const sandboxSign = "c3750b583be47ba43bde9a01754004db"

// The platform refuses a user name over 15 characters with 10020, so
// signing one would only send the user to a refusal: it is exit 2 here,
// naming the rule, with nothing printed as a result.
func TestUserNameOverFifteenCharactersIsRefusedBeforeSigning(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("pw\n")
	err := run(e, "--username", "abcdefghijklmnop", "--password-stdin")
	if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v, stdout %q", cmdutil.ExitCode(err), err, e.Out.String())
	}
	for _, want := range []string{"--username", "at most 15 characters", "got 16", "10020", "for example"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// Characters, not bytes: 15 Chinese characters are a valid name.
	e.Reset()
	e.In.WriteString("pw\n")
	if err := run(e, "--username", strings.Repeat("庖", 15), "--password-stdin"); err != nil {
		t.Fatalf("15 characters: %v", err)
	}
}

// A --verify value that cannot be a sign is a typo, not a mismatch: exit 2
// naming the rule, before anything is computed or printed.
func TestVerifyThatIsNotThirtyTwoHexDigitsIsUsage(t *testing.T) {
	for _, bad := range []string{"xyz", sandboxSign[:31], sandboxSign + "0", strings.Replace(sandboxSign, "c", "g", 1)} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, "--verify", bad)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--verify") || !strings.Contains(err.Error(), "32 hex digits") || e.Out.Len() != 0 {
			t.Errorf("--verify %q: exit %d: %v, stdout %q", bad, cmdutil.ExitCode(err), err, e.Out.String())
		}
	}
	// Pasted with spaces around it, a right sign still matches.
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--verify", " "+sandboxSign+"\n"); err != nil {
		t.Fatalf("padded sign: %v", err)
	}
}

// The sign is all a caller needs to get tokens, like the password: it is
// shown masked (DESIGN: no secret in the clear) unless --show-secrets asks
// for it, and --verify still compares the whole of it.
func TestSignIsMaskedUnlessShowSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetColorEnabled(false)
	if err := run(e, "--verify", sandboxSign); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if strings.Contains(out, sandboxSign) || !strings.Contains(out, "c375************************04db") || !strings.Contains(out, "verify:") || !strings.Contains(out, "match") {
		t.Fatalf("terminal view:\n%s", out)
	}
	e.Reset()
	e.F.IOStreams.SetStdoutTTY(false)
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.Sign != "c375************************04db" {
		t.Fatalf("%v %s", err, e.Out.String())
	}
	e.Reset()
	e.F.Globals.ShowSecrets = true
	if err := run(e); err != nil || !strings.Contains(e.Out.String(), `"sign":"`+sandboxSign+`"`) {
		t.Fatalf("--show-secrets: %v %s", err, e.Out.String())
	}
}

// The help and the error both name INSURE_PAODING_PASSWORD: with no
// profile selected the environment alone must be enough, as for the
// other providers' sign commands.
func TestCredentialsFromEnvironmentWithoutProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = ""
	t.Setenv("INSURE_PAODING_USERNAME", "sandbox-4s")
	t.Setenv("INSURE_PAODING_PASSWORD", "sandbox-4s-pass")
	if err := run(e, "--verify", sandboxSign); err != nil {
		t.Fatalf("%v %s", err, e.Out.String())
	}
	if strings.Contains(e.Out.String(), "sandbox-4s-pass") {
		t.Fatal("the password reached the output")
	}
}
