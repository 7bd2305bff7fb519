package configure_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
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
