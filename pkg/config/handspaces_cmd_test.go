package config_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/ebao"
)

// A profile whose endpoint and access key were edited by hand with white
// space around them quotes: the endpoint failed to parse ("first path
// segment in URL cannot contain colon"), and the access key went out with
// its tab, refused by the server.
func TestQuoteWithAHandEditedEndpoint(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.UseProfileAt(t, ebao.Provider, e.SandboxBase(t, ebao.Provider))
	sec := e.Config.File.Profiles["staging"][ebao.Provider]
	sec["endpoint"] = " " + sec["endpoint"] + " \n"
	sec["access-key"] = sec["access-key"] + "\t"
	sec["channel-code"] = " " + sec["channel-code"]

	cmd := quote.NewCmdQuote(e.F, nil)
	cmd.SetArgs([]string{"--provider", "ebao", "-f", filepath.Join("..", "..", "examples", "ebao", "quote.json")})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 0 || !strings.Contains(e.Out.String(), "quotationNumber") {
		t.Fatalf("exit %d (%v)\n%s%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	if paths := e.ReceivedPaths(); len(paths) != 1 || !strings.HasSuffix(paths[0], "/pa_web/api/policies/quotations") {
		t.Errorf("the sandbox received %v", paths)
	}
}
