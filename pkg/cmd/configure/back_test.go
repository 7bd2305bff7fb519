package configure_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/prompter"
)

// A provider ticked by mistake, or one left out, could only be put right
// with Ctrl-C, losing every answer: shift+tab on the first provider
// page's first question did nothing. It goes back to "Which providers
// does this profile talk to?", and the answers typed before keep.
func TestWizardGoesBackFromTheFirstProviderPageToTheChoiceOfProviders(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Profile = ""
	in, w := io.Pipe()
	defer w.Close()
	terminal := &prompter.Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	e.F.Prompter = func() prompter.Prompter { return terminal }
	paoding, ebao := e.Sandbox.Endpoint("paoding"), e.Sandbox.Endpoint("ebao")
	// Enter keeps Paoding alone; its URL is typed, then shift+tab goes
	// back, where eBao is ticked too. The URL is there still: Enter.
	keys := "\r" + paoding + "\x1b[Z" + "\x1b[Bx\r" +
		"\racme\rpass-Word-9Q\r\r\r\r" + // Paoding's page
		ebao + "\rAK\rsecret-key-1\r\r\r\r\r" + // eBao's page
		"n" // no check now
	go func() { _, _ = w.Write([]byte(keys)) }()
	cmd := configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"wiz"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the wizard did not finish: shift+tab on the first provider page did not go back")
	}
	cfg, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	prof := cfg.File.Profiles["wiz"]
	if prof["paoding"]["endpoint"] != paoding || prof["paoding"]["username"] != "acme" ||
		prof["ebao"]["endpoint"] != ebao || prof["ebao"]["access-key"] != "AK" {
		t.Fatalf("saved %q", prof)
	}
	if !strings.Contains(e.ErrOut.String(), "insure -p wiz doctor") {
		t.Errorf("stderr:\n%s", e.ErrOut)
	}
}
