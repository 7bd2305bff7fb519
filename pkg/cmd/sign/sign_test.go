package sign_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// Signing is offline: --dry-run, --curl, --timeout and --cacert cannot
// change what a sign command does, so its help must not offer them.
func TestSignHelpOffersNoRequestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sign", "--help"}, {"sign", "paoding", "--help"}, {"sign", "ebao", "--help"}, {"sign", "sunshine", "--help"},
		{"sign", "bihu", "login", "--help"}, {"sign", "bihu", "renew", "--help"}, {"sign", "bihu", "signout", "--help"},
	} {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs(args)
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		for _, flag := range []string{"--dry-run", "--curl", "--timeout", "--cacert", "--yes"} {
			if regexp.MustCompile(`(?m)^\s+` + flag + `\b`).MatchString(e.Out.String()) {
				t.Errorf("%v lists %s", args, flag)
			}
		}
		if !regexp.MustCompile(`(?m)^\s+-o, --output`).MatchString(e.Out.String()) {
			t.Errorf("%v lost --output:\n%s", args, e.Out.String())
		}
	}
}

// An empty secret on stdin is exit 2 naming the provider, the sign
// command and the flag, with an example for the command being run.
func TestEmptySecretOnStdinNamesTheCommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"sign", "paoding", "--username", "acme", "--password-stdin"}, []string{"paoding sign:", "--password-stdin", "insure sign paoding"}},
		{[]string{"sign", "ebao", "-f", "../../../examples/ebao/quote.json", "--access-key", "AK", "--secret-stdin"}, []string{"ebao sign:", "--secret-stdin", "insure sign ebao"}},
		{[]string{"sign", "bihu", "login", "--agent-id", "102", "--username", "u", "--timestamp", "1489044754", "--secret-stdin"}, []string{"bihu sign login:", "--secret-stdin", "insure sign bihu login"}},
		{[]string{"sign", "bihu", "signout", "--agent-id", "102", "--token", "T", "--secret-stdin"}, []string{"bihu sign signout:", "insure sign bihu signout"}},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString("\n")
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs(c.args)
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("%v: exit %d: %v", c.args, cmdutil.ExitCode(err), err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error()+string(cmdutil.ErrorJSON(err)), w) {
				t.Errorf("%v: %q does not say %q", c.args, err, w)
			}
		}
	}
}

// `--verify "$SIG"` with $SIG unset signed and exited 0, which a script
// reads as a match. A value flag given empty is exit 2 naming it, before
// anything is signed, for every sign command that checks a value.
func TestAnEmptyValueToCheckIsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"sign", "ebao", "-f", "../../../examples/ebao/quote.json", "--verify", ""},
		{"sign", "ebao", "-f", "../../../examples/ebao/quote.json", "--response", "--header-signature", " "},
		{"sign", "paoding", "--verify", ""},
		{"sign", "bihu", "login", "--verify", ""},
		{"sign", "bihu", "renew", "LicenseNo=京A12345", "--verify", ""},
		{"sign", "bihu", "signout", "--verify", ""},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.Profile = "sandbox"
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs(append([]string{"-p", "sandbox"}, args...))
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "empty value") || !strings.HasPrefix(err.Error(), args[1]+" sign: ") || e.Out.Len() != 0 {
			t.Errorf("%v: exit %d (%v), stdout %q", args, cmdutil.ExitCode(err), err, e.Out)
		}
	}
}
