package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// A malformed --set fails every line alike: it is refused once, exit 2,
// before the input is read, instead of once per line of a file that may
// hold thousands.
func TestBatchMalformedSetIsRefusedBeforeAnyLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	lines := filepath.Join(t.TempDir(), "q.jsonl")
	if err := os.WriteFile(lines, []byte("{\"a\":1}\n{\"a\":2}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "--provider", "ebao", "--batch", lines, "--set", "policyHolder.PH013")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `--set "policyHolder.PH013": want PATH=VALUE`) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 || strings.Contains(e.ErrOut.String(), "batch:") || len(e.Received()) != 0 {
		t.Fatalf("lines ran: stdout %q stderr %q", e.Out, e.ErrOut)
	}
}

// A profile without eBao's settings fails every line alike: one usage
// error naming each missing setting, before any line, not the same error
// on every line.
func TestBatchWithAProfileLackingEbaoSettingsIsOneError(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"half": {"ebao": {"endpoint": "https://ebao.example"}}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "half"
	lines := filepath.Join(t.TempDir(), "q.jsonl")
	if err := os.WriteFile(lines, []byte("{\"a\":1}\n{\"a\":2}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "--provider", "ebao", "--batch", lines)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "ebao.access-key: is not set in profile half") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 || strings.Contains(e.ErrOut.String(), "batch:") {
		t.Fatalf("lines ran: stdout %q stderr %q", e.Out, e.ErrOut)
	}
}
