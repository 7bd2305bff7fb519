package paoding

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdPaoding(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdPaoding(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--username", "acme", "--password-stdin", "--verify", "abc"})
	if err := cmd.Execute(); err != nil || got.Username != "acme" || !got.PasswordStdin || got.Verify != "abc" {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestSignFromStdinInPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("123456\n")
	e.F.Globals.ShowSecrets = true
	if err := run(e, "--username", "test", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	// md5("123456") = e10adc3949ba59abbe56e057f20f883e; the sign is
	// md5("test" + that), computed independently. --show-secrets prints
	// the sign; the password's digest stays masked.
	if r.PasswordMD5 != "e10a************************883e" || r.Sign != "9b8c343a439678df948e526aea5d5ad6" {
		t.Fatalf("%+v", r)
	}
	if strings.Contains(e.Out.String(), "e10adc3949ba59abbe56e057f20f883e") || strings.Contains(e.Out.String(), "123456") {
		t.Fatal("the password or its digest leaked")
	}
	if len(e.Received()) != 0 {
		t.Fatal("sign sent a request")
	}
}

func TestSignFromSandboxProfileOnTerminalAndVerify(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "c375************************04db") || !strings.Contains(e.Out.String(), "string hashed:") {
		t.Fatalf("%s", e.Out.String())
	}
	e.Reset()
	if err := run(e, "--verify", "C3750B583BE47BA43BDE9A01754004DB"); err != nil {
		t.Fatalf("upper-case hex should verify: %v", err)
	}
	e.Reset()
	if err := run(e, "--verify", "00000000000000000000000000000000"); cmdutil.ExitCode(err) != 6 {
		t.Fatalf("mismatch: %v", err)
	}
}

func TestMissingPasswordIsUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	err := run(e, "--username", "acme")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "password") {
		t.Fatalf("%v", err)
	}
}

func TestEmptyStdinIsAnErrorNotTheProfilePassword(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--username", "acme", "--password-stdin")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--password-stdin") || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v, stdout %q", cmdutil.ExitCode(err), err, e.Out.String())
	}
}
