package configure_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// The wizard ends by offering insure doctor; accepted, it checks the
// profile it just saved against the provider.
func TestWizardOffersDoctorAndRunsIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	e.In.WriteString(ebaosb.TestSecretKey)
	e.Prompts.Answers = map[string]any{
		"Check the profile now*": true,
	}
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"Wiz", "--provider", "ebao", "--set", "ebao.endpoint=" + e.Sandbox.Endpoint("ebao"),
		"--set", "ebao.access-key=" + ebaosb.TestAccessKey, "--set", "ebao.channel-code=AXA_TP", "--set", "ebao.product-id=UbwoOpjMjt:1",
		"--set", "ebao.response-signature-header=signature", "--set", "ebao.require-response-signature=true", "--secret-stdin", "ebao.secret-key"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	out := e.Out.String()
	if !strings.Contains(out, "Profile wiz") || !strings.Contains(out, "✓ ebao credentials") || !strings.Contains(out, "every check passed") {
		t.Fatalf("doctor output:\n%s\nstderr:\n%s", out, e.ErrOut)
	}
	if strings.Contains(out, "paoding") {
		t.Fatalf("checked a provider the profile does not configure:\n%s", out)
	}
}

// On a terminal where --no-input or CI forbids prompts, the refusal names
// that, not a missing terminal, and says how to answer by flags (exit 2).
func TestNoPromptOnATerminalSaysWhy(t *testing.T) {
	for _, c := range []struct {
		name   string
		tty    bool
		reason string
	}{
		{"terminal with --no-input", true, "--no-input or CI"},
		{"pipe", false, "not a terminal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: c.tty})
			e.F.IOStreams.SetNeverPrompt(c.tty)
			cmd := configure.NewCmdConfigure(e.F, nil)
			cmd.SetArgs([]string{"wiz"})
			cmd.SetOut(e.Out)
			cmd.SetErr(e.ErrOut)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), c.reason) || !strings.Contains(hintOf(err), "--set") {
				t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, hintOf(err))
			}
			if strings.Contains(err.Error(), "needs a terminal") && c.tty {
				t.Fatalf("blames the terminal: %v", err)
			}
		})
	}
}

func hintOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}
