package find_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/mattn/go-runewidth"
)

// At 100 columns every keys cell of a car's story quoted under two
// profiles read Q26120200000000… or P26120200000000…: no row could be
// told from the next. Each row's own number is whole (the most specific
// first; identifiers after it are dropped whole, never cut), and the
// operation is whole or left out, never "ebao…".
func TestFindNeverCutsARowsNumber(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	e := cmdtest.New(t, cmdtest.Options{})
	at := time.Date(2026, 12, 2, 15, 7, 34, 0, cst)
	record := func(profile, op string, verdict *httpx.Verdict, keys map[string]string) {
		t.Helper()
		at = at.Add(time.Minute)
		en := httpx.Entry{Time: at, Profile: profile, Provider: "ebao", Operation: op,
			Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	car := func(kv ...string) map[string]string {
		m := map[string]string{"plate": "沪A6U615", "vin": "LSVAU2180N2183294"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	own := map[string]string{} // each row's own number, by journal order
	for i, p := range []string{"sandbox", "production", "sandbox"} {
		q := "Q261202000000000" + string(rune('1'+i))
		record(p, "quotation", nil, car("quotationNumber", q))
		own[q] = "quotation"
	}
	record("production", "issuance", &httpx.Verdict{ExitClass: 5, Message: "the connection closed", Unknown: true},
		car("quotationNumber", "Q2612020000000002", "policyNumber", "P2612020000000001", "proposalNumber", "T2612020000000001"))
	own["P2612020000000001"] = "issuance"
	record("sandbox", "cancellation", &httpx.Verdict{ExitClass: 4, Message: "policy is not effective"},
		car("policyNumber", "P2612020000000009", "quotationNumber", "Q2612020000000003"))
	own["P2612020000000009"] = "cancellation"

	e.F.IOStreams.SetStdoutTTY(true)
	for _, width := range []int{100, 80} {
		t.Setenv("COLUMNS", fmt.Sprint(width))
		_, table, _ := strings.Cut(run(t, e, "find", "沪A6U615"), "\n\n")
		lines := strings.Split(strings.TrimSpace(table), "\n")
		for _, l := range lines {
			if w := runewidth.StringWidth(l); w > width {
				t.Errorf("%d columns: a %d-column row: %q", width, w, l)
			}
		}
		for number := range own {
			if !regexp.MustCompile(`  ` + number + `( |$)`).MatchString(table) {
				t.Errorf("%d columns: %s is not whole:\n%s", width, number, table)
			}
		}
		// No identifier is cut: every cut is a whole "…" of its own.
		if regexp.MustCompile(`[0-9A-Za-z]…`).MatchString(table) {
			t.Errorf("%d columns: something is cut mid-value:\n%s", width, table)
		}
		if strings.Contains(lines[0], "OPERATION") {
			for _, l := range lines[1:] {
				if !regexp.MustCompile(`  ebao (quotation|issuance|cancellation)  `).MatchString(l) {
					t.Errorf("%d columns: the operation is not whole: %q", width, l)
				}
			}
		}
	}
}
