package show

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A purchase SIGTERM cut short is journalled with exit class 5, but the
// command exited 143: show said "unknown, exit 5". It says how the
// command ended; JSON keeps the class and names the signal.
func TestShowSaysARequestWasInterruptedAndTheCommandsExit(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		id, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding",
			Operation: "report.buy", Method: "POST", URL: "http://x", Error: `Post "http://x": context canceled`, Interrupted: "SIGTERM"})
		if err != nil {
			t.Fatal(err)
		}
		e.F.IOStreams.SetPager("cat")
		if err := Run(&Options{Ctx: context.Background(), IO: e.F.IOStreams, Store: e.F.Store, OutputOptions: e.F.OutputOptions, ID: id}); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if tty {
			// No answer arrived: status 0 read as one a server sent.
			if !strings.Contains(out, "unknown, interrupted (SIGTERM), exit 143") || strings.Contains(out, "exit 5") ||
				!strings.Contains(out, "none (no answer arrived)") || !strings.Contains(out, "(none: no answer arrived)") {
				t.Errorf("terminal:\n%s", out)
			}
			continue
		}
		var doc struct {
			Outcome     string `json:"outcome"`
			ExitClass   int    `json:"exit_class"`
			Interrupted string `json:"interrupted"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Interrupted != "SIGTERM" || doc.ExitClass != 5 || doc.Outcome != "unknown" {
			t.Errorf("JSON %+v %v\n%s", doc, err, out)
		}
	}
}
