package find_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A Paoding buy whose answer was lost is looked up until the order
// appears: a minute of "order not found" (30080) added 35 identical
// `failed 4` rows to its story. On a terminal they are one row with their
// count, first and last time; JSON and a pipe's table keep every step.
func TestFindFoldsTheBuysOwnFailedLookUps(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	t.Setenv("COLUMNS", "120")
	e := cmdtest.New(t, cmdtest.Options{})
	start := time.Date(2026, 12, 2, 15, 1, 59, 0, cst)
	record := func(at time.Duration, op string, verdict *httpx.Verdict, keys map[string]string) {
		t.Helper()
		en := httpx.Entry{Time: start.Add(at), Profile: "sandbox", Provider: "paoding", Operation: op,
			Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	record(0, "report.buy", &httpx.Verdict{ExitClass: 5, Message: "the connection closed", Unknown: true},
		map[string]string{"orderId": "UNK-1", "vin": "LSVAU2180N2183362", "brandFactoryId": "20"})
	notFound := &httpx.Verdict{ExitClass: 4, Code: "30080", Message: "the order does not exist"}
	for i := 0; i < 35; i++ {
		record(2*time.Second+time.Duration(i)*time.Second, "report.get", notFound, map[string]string{"orderId": "UNK-1"})
	}
	// A different answer after them is a row of its own.
	record(40*time.Second, "report.get", &httpx.Verdict{ExitClass: 4, Code: "30081", Message: "try later"}, map[string]string{"orderId": "UNK-1"})

	var story struct {
		Steps []json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal([]byte(run(t, e, "find", "UNK-1")), &story); err != nil || len(story.Steps) != 37 {
		t.Fatalf("JSON keeps %d steps, want 37 (%v)", len(story.Steps), err)
	}
	if rows := strings.Count(run(t, e, "find", "UNK-1", "-o", "table"), "\tpaoding report.get\t"); rows != 36 {
		t.Errorf("a pipe's table has %d look-up rows, want 36", rows)
	}

	e.F.IOStreams.SetStdoutTTY(true)
	out := run(t, e, "find", "UNK-1")
	if n := len(regexp.MustCompile(`(?m)^2026-12-02 \S+( \+08:00)? +report fetched `).FindAllString(out, -1)); n != 2 {
		t.Errorf("%d look-up rows, want one fold and the different answer:\n%s", n, out)
	}
	fold := regexp.MustCompile(`2026-12-02 15:02:01–15:02:35( \+08:00)?  report fetched  failed 4 \[30080\] ×35  2 `)
	if !fold.MatchString(out) {
		t.Errorf("no folded row of the 35 look-ups:\n%s", out)
	}
	if !regexp.MustCompile(`15:02:39( \+08:00)? +report fetched  failed 4 +37 `).MatchString(out) {
		t.Errorf("the different answer is not a row of its own:\n%s", out)
	}
	if !strings.Contains(out, "37 steps: 1 bought, 36 report fetched; 36 failed, 1 unknown") {
		t.Errorf("the tally counts every step:\n%s", out)
	}
}
