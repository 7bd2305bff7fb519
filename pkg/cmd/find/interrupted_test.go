package find_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A purchase cut short by SIGTERM (the command exited 143) and a
// quotation by Ctrl-C (130) are recorded with the journal's class for a
// lost answer, 5: the story said "exit 5". It names the interruption, in
// history's words, from the row's interrupted column; a row recorded
// before the column existed is read by its error text.
func TestFindNamesAnInterruptionNotExit5(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	ctx := context.Background()
	start := time.Now().Add(-time.Hour)
	for i, en := range []httpx.Entry{
		// As an earlier insure recorded it: the cause in the error only.
		{Provider: "ebao", Operation: "quotation", Error: "cancelled: interrupted (SIGINT, Ctrl-C)"},
		// As the transport records it now: the signal in its column,
		// whatever the error's wording.
		{Provider: "paoding", Operation: "report.buy", Error: "Post \"http://x\": context canceled; outcome unknown: the report.buy may have taken effect", Interrupted: "SIGTERM"},
	} {
		en.Time, en.Profile, en.Method, en.URL = start.Add(time.Duration(i)*time.Minute), "sandbox", "POST", "http://x"
		en.Keys = map[string]string{"vin": "LSVAU2180N2183294", "orderId": "SUP-9"}
		if _, err := e.Store.RecordEntry(ctx, en); err != nil {
			t.Fatal(err)
		}
	}
	out := run(t, e, "find", "SUP-9")
	first, _, _ := strings.Cut(out, "\n")
	if !strings.Contains(first, "bought (paoding report.buy): unknown, interrupted (SIGTERM), exit 143") || strings.Contains(first, "exit 5") {
		t.Errorf("state line %q", first)
	}
	if !strings.Contains(out, "unknown 130, interrupted (SIGINT)") || !strings.Contains(out, "unknown 143, interrupted (SIGTERM)") || strings.Contains(out, "unknown 5") {
		t.Errorf("table:\n%s", out)
	}
	e.F.IOStreams.SetStdoutTTY(false)
	var story struct {
		Steps []struct {
			Interrupted string
			ExitClass   int `json:"exit_class"`
		}
	}
	if err := json.Unmarshal([]byte(run(t, e, "find", "SUP-9")), &story); err != nil || len(story.Steps) != 2 ||
		story.Steps[0].Interrupted != "SIGINT" || story.Steps[1].Interrupted != "SIGTERM" || story.Steps[1].ExitClass != 5 {
		t.Errorf("%v %+v", err, story)
	}
}
