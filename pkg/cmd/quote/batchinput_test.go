package quote

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A line with a stray '}' or ']' after its object was signed and sent
// with it, where -f refuses the same body: each such line is its usage
// error, and nothing is sent, with --set too.
func TestBatchQuoteRefusesDataAfterTheObject(t *testing.T) {
	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qbad.jsonl")
	if err := os.WriteFile(file, []byte(compact.String()+"}\n"+compact.String()+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {"--set", "channelCode=AXA_TP"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, append([]string{"--provider", "ebao", "--batch", file}, args...)...)
		type line struct{ Outcome, Message string }
		lines := cmdtest.JSONLines[line](t, e.Out.String())
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || len(lines) != 2 {
			t.Fatalf("%v: exit %d (%v), sent %v\n%s", args, cmdutil.ExitCode(err), err, e.ReceivedPaths(), e.Out)
		}
		for _, l := range lines {
			if l.Outcome != "usage" || !strings.Contains(l.Message, "has data after the JSON object") {
				t.Errorf("%v: %+v", args, l)
			}
		}
	}
}
