package find_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A car whose renewal was looked up at 11:23, again at 11:27 and 11:28,
// refused at 11:29 and looked up at 11:30: the state said "renewal looked
// up 11:23", which a support person read as "not since". A step reached
// more than once is told at its latest time; a purchase's report fetched
// again moves after the purchase, which keeps its own time.
func TestFindStateTellsAStepAtItsLatestTime(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	e := cmdtest.New(t, cmdtest.Options{})
	day := time.Date(2026, 12, 2, 11, 0, 0, 0, cst)
	record := func(minute int, provider, op string, status int, keys map[string]string) {
		t.Helper()
		en := httpx.Entry{Time: day.Add(time.Duration(minute) * time.Minute), Profile: "sandbox", Provider: provider, Operation: op,
			Method: "POST", URL: "http://x", Status: status, Keys: keys}
		if status != 200 {
			en.Verdict = &httpx.Verdict{ExitClass: 3, Code: "406", Message: "signature rejected"}
		}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	car := map[string]string{"plate": "京J97896"}
	for _, m := range []int{23, 27, 28} {
		record(m, "bihu", "renewal", 200, car)
	}
	record(29, "bihu", "renewal", 406, car)
	record(30, "bihu", "renewal", 200, car)

	order := map[string]string{"orderId": "LATE-1", "vin": "LSVAU2180N2183294"}
	record(40, "paoding", "report.buy", 200, order)
	record(41, "paoding", "report.get", 200, map[string]string{"orderId": "LATE-1"})
	record(55, "paoding", "report.get", 200, map[string]string{"orderId": "LATE-1"})

	for _, c := range []struct{ key, want string }{
		{"京J97896", "car 京J97896 renewal looked up 2026-12-02 11:30 (CST)"},
		{"LATE-1", "order LATE-1 bought 2026-12-02 11:40 (CST), report fetched 11:55"},
	} {
		if got := field(t, run(t, e, "find", c.key), "state"); got != c.want {
			t.Errorf("find %s: state %q, want %q", c.key, got, c.want)
		}
	}

	// On a terminal the state heads the story, its steps all still listed.
	e.F.IOStreams.SetStdoutTTY(true)
	out := run(t, e, "find", "京J97896")
	if first, _, _ := strings.Cut(out, "\n"); first != "car 京J97896 renewal looked up 2026-12-02 11:30 (CST)" {
		t.Errorf("terminal state %q", first)
	}
	if n := strings.Count(out, "renewal looked up"); n != 6 {
		t.Errorf("%d mentions of the look-up, want the state and 5 rows:\n%s", n, out)
	}
}
