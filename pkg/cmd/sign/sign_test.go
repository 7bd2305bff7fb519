package sign_test

import (
	"regexp"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
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
