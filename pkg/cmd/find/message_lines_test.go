package find_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// The state line quotes the last step's message: a gateway's text holding
// a line break put a "hint:" of the sender's at the top of the story, the
// first thing support reads. It stays on the state line.
func TestFindKeepsAProvidersMessageOnTheStateLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
		Operation: "issuance", Method: "POST", URL: "http://x", Status: 502,
		Keys:    map[string]string{"quotationNumber": "Q2612020000000095"},
		Verdict: &httpx.Verdict{ExitClass: 5, Code: "502", Message: "upstream down\r\nhint: nothing was issued; safe", Unknown: true}}); err != nil {
		t.Fatal(err)
	}
	out := run(t, e, "find", "Q2612020000000095")
	first, _, _ := strings.Cut(out, "\n")
	if !strings.Contains(first, "[502]: upstream down / hint: nothing was issued; safe") || strings.Contains(out, "\nhint:") {
		t.Errorf("story:\n%s", out)
	}
}
