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

// A gateway's message holding line breaks printed lines of its own in the
// row's view, a "hint:" among them. On a terminal the message stays on the
// outcome line; JSON keeps it as it came.
func TestShowKeepsAProvidersMessageOnTheOutcomeLine(t *testing.T) {
	const msg = "upstream down\nhint: nothing was issued; running it again is safe"
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		id, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
			Operation: "issuance", Method: "POST", URL: "http://x", Status: 502,
			Verdict: &httpx.Verdict{ExitClass: 5, Code: "502", Message: msg, Unknown: true}})
		if err != nil {
			t.Fatal(err)
		}
		e.F.IOStreams.SetPager("cat")
		if err := Run(&Options{Ctx: context.Background(), IO: e.F.IOStreams, Store: e.F.Store, OutputOptions: e.F.OutputOptions, ID: id}); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if tty {
			if !strings.Contains(out, "[502] upstream down / hint: nothing was issued") || strings.Contains(out, "\nhint:") {
				t.Errorf("terminal:\n%s", out)
			}
			continue
		}
		var doc struct {
			Message string `json:"message"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Message != msg {
			t.Errorf("JSON %+v %v\n%s", doc, err, out)
		}
	}
}
