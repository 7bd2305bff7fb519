package root

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// INSURE_SANDBOX_URL without its scheme is refused before anything is
// sent, with an error naming the variable and the value to use instead,
// on stderr; in JSON mode stdout carries the usual JSON error document
// and nothing else. It used to blame the provider's endpoint setting,
// which the user never set.
func TestSandboxURLWithoutSchemeIsAUsageErrorNamingIt(t *testing.T) {
	for _, tty := range []bool{true, false} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			t.Setenv("INSURE_SANDBOX_URL", "127.0.0.1:8080")
			if code := runMain(e, "vin-report", "brands"); code != 2 {
				t.Fatalf("exit %d, stderr %q", code, e.ErrOut)
			}
			stderr := e.ErrOut.String()
			for _, want := range []string{`INSURE_SANDBOX_URL="127.0.0.1:8080" has no scheme`, "INSURE_SANDBOX_URL=http://127.0.0.1:8080"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stderr, "endpoint") {
				t.Errorf("stderr blames the endpoint setting:\n%s", stderr)
			}
			var doc struct {
				Error struct {
					Kind     string `json:"kind"`
					ExitCode int    `json:"exit_code"`
					Message  string `json:"message"`
					Hint     string `json:"hint"`
				} `json:"error"`
			}
			switch {
			case tty && e.Out.Len() != 0:
				t.Errorf("stdout %q", e.Out)
			case !tty && (json.Unmarshal(e.Out.Bytes(), &doc) != nil || doc.Error.Kind != "usage" || doc.Error.ExitCode != 2 ||
				!strings.HasPrefix(doc.Error.Message, "INSURE_SANDBOX_URL=") || !strings.Contains(doc.Error.Hint, "http://127.0.0.1:8080")):
				t.Errorf("stdout is not the JSON error: %q", e.Out)
			}
			if len(e.Received()) != 0 {
				t.Errorf("sent %v", e.ReceivedPaths())
			}
		})
	}
}
