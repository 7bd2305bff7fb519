package ebaosettle_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmd/cancel"
	"github.com/insurekit/insure/pkg/cmdutil"
)

type batchLine struct {
	Outcome string `json:"outcome"`
	Hint    string `json:"hint"`
}

// A batch cancellation whose answer was lost, then the single command
// its hint gives, then --resume: a refusal saying the policy is
// cancelled, in a real server's wording, settles the line (ok); one that
// does not say so leaves it unknown, and the hint no longer offers the
// same single command, which would only meet the same refusal again.
func TestResumeAfterTheHintsRepeatDoesNotLoop(t *testing.T) {
	for wording, want := range map[string]string{
		"policyNumber: policy {P} is not effective (CANCELLED)": "ok",
		"policyNumber: policy {P} is not effective":             "unknown",
	} {
		t.Run(wording, func(t *testing.T) {
			e, proxy := reworded(t)
			p := issued(t, e)
			file := filepath.Join(t.TempDir(), "c.csv")
			if err := os.WriteFile(file, []byte("policy_number\n"+p+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			batch := func(args ...string) batchLine {
				t.Helper()
				e.Reset()
				_ = execute(e, cancel.NewCmdCancel(e.F, nil), append([]string{"--provider", "ebao", "--batch", file}, args...)...)
				var l batchLine
				if err := json.Unmarshal([]byte(strings.TrimSpace(e.Out.String())), &l); err != nil {
					t.Fatalf("%v: %s", err, e.Out)
				}
				return l
			}
			proxy.set(true, "")
			if l := batch(); l.Outcome != "unknown" || !strings.Contains(l.Hint, "to settle it") {
				t.Fatalf("lost: %+v", l)
			}
			proxy.set(false, wording)
			if err := cancelAgain(e, p); cmdutil.ExitCode(err) != 4 {
				t.Fatalf("the hint's command: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			l := batch("--resume")
			if l.Outcome != want {
				t.Fatalf("resume: %+v, want %s", l, want)
			}
			if want == "unknown" && (strings.Contains(l.Hint, "to settle it") || !strings.Contains(l.Hint, "ask eBao")) {
				t.Errorf("resume hint %q", l.Hint)
			}
		})
	}
}
