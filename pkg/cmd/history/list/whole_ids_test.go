package list

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
	"github.com/mattn/go-runewidth"
)

// narrowJournal records one profile's mixed journal, as a support desk's
// looks: eBao quote, issue and a cancel never sent, Paoding purchases
// (one with our order id, one of a batch with its 44-character id), a
// Sunshine purchase of two policies, a Bihu refusal, a wide operation
// name and a Ctrl-C. It returns each row's own number by journal id.
func narrowJournal(t *testing.T, e *cmdtest.Env) map[int64]string {
	t.Helper()
	at := time.Now().Add(-time.Hour)
	own := map[int64]string{}
	add := func(provider, op string, verdict *httpx.Verdict, number string, keys map[string]string) {
		t.Helper()
		at = at.Add(time.Second)
		en := httpx.Entry{Time: at, Profile: "sandbox", Provider: provider, Operation: op, Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
		if verdict != nil && verdict.NotSent {
			en.Status, en.Error = 0, "dial tcp 127.0.0.1:9: connect: connection refused"
		}
		if op == "report.get" {
			en.Status, en.Error, en.Interrupted = 0, `Post "http://x": context canceled`, "SIGINT"
		}
		id, err := e.Store.RecordEntry(context.Background(), en)
		if err != nil {
			t.Fatal(err)
		}
		own[id] = number
	}
	holder := map[string]string{"holderIdNumber": "132456199001011234", "holderName": "Shop.Zhang"}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	add("ebao", "quotation", nil, "Q2612030000000031", with(holder, "quotationNumber", "Q2612030000000031", "plate", "粤B12345"))
	add("ebao", "issuance", nil, "P2612030000000001", with(holder, "quotationNumber", "Q2612030000000031", "policyNumber", "P2612030000000001", "plate", "粤B12345"))
	add("ebao", "cancellation", &httpx.Verdict{ExitClass: 5, Message: "could not connect, nothing was sent", NotSent: true}, "P2612030000000001",
		map[string]string{"policyNumber": "P2612030000000001"})
	add("paoding", "brandFactory.get", nil, "20", map[string]string{"brandFactoryId": "20"})
	add("paoding", "report.buy", &httpx.Verdict{ExitClass: 4, Code: "30010", Message: "the account balance is too low"}, "REF-1",
		map[string]string{"orderId": "REF-1", "brandFactoryId": "20", "vin": "LSVAU2180N2183401"})
	add("paoding", "report.buy", nil, "INSBea51e3bde304020aa52c14266b37d02cdcbfd7c0",
		map[string]string{"orderId": "INSBea51e3bde304020aa52c14266b37d02cdcbfd7c0", "platformOrderId": "20261203-0011", "brandFactoryId": "20", "vin": "LSVAU2180N2183319"})
	add("paoding", "report.get", nil, "ORD-INT", map[string]string{"orderId": "ORD-INT"})
	add("sunshine", "txn.130", nil, "P075105092026433038", map[string]string{"policyNo": "P075105092026433038,P075105092026433039", "sessionId": "S2612030000000001"})
	add("bihu", "renewal", &httpx.Verdict{ExitClass: 4, Code: "206", Message: "no usable renewal record"}, "粤B12345", map[string]string{"plate": "粤B12345"})
	return own
}

// At 80 columns every eBao row read P261203000000000…, and at 120 a
// batch row's VIN read "L…": a cut number looks like a real one. A row's
// own number (its keys' first) is whole; the identifiers after it are
// left out whole, "…" saying some were; the provider column and what an
// outcome says after its class give way first. Only a number too long for
// the room left beside the id, time, operation and outcome (a batch's
// 44-character order id at 80 columns) is left out, and then whole.
func TestListNeverCutsAnIdentifierOnANarrowTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	own := narrowJournal(t, e)
	for _, width := range []int{80, 120} {
		t.Setenv("COLUMNS", fmt.Sprint(width))
		out := listAs(t, e, "table", "-L", "0")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != len(own)+1 {
			t.Fatalf("%d columns: %d lines:\n%s", width, len(lines), out)
		}
		for _, l := range lines {
			if w := runewidth.StringWidth(l); w > width {
				t.Errorf("%d columns: a %d-column row: %q", width, w, l)
			}
		}
		// Every "…" stands for identifiers left out whole: it follows a
		// space or a comma, or starts the keys.
		if m := regexp.MustCompile(`[^ ,\n]…`).FindString(out); m != "" {
			t.Errorf("%d columns: something is cut mid-value (%q):\n%s", width, m, out)
		}
		for _, l := range lines[1:] {
			id, _, _ := strings.Cut(l, " ")
			var n int64
			fmt.Sscan(id, &n)
			number := own[n]
			if width == 80 && len(number) > 40 {
				continue // the batch's own id: left out whole, checked at 120
			}
			if !regexp.MustCompile(`  ` + regexp.QuoteMeta(number) + `( |,|$)`).MatchString(l) {
				t.Errorf("%d columns: row %d does not show %s whole: %q", width, n, number, l)
			}
			if !strings.Contains(l, "  ") || !regexp.MustCompile(`  (quotation|issuance|cancellation|brandFactory\.get|report\.buy|report\.get|txn\.130|renewal)  `).MatchString(l) {
				t.Errorf("%d columns: the operation is not whole: %q", width, l)
			}
		}
		if width == 120 {
			// At 120 only the widest outcome, the Ctrl-C's, gives up its
			// words: the cancellation never sent still says so.
			if !strings.Contains(out, "failed 5 (not sent)") || !strings.Contains(out, "unknown 130") {
				t.Errorf("120 columns: the outcomes lost more than they needed:\n%s", out)
			}
		}
	}
}

// history list's outcome column read a bare "failed" where find reads
// "failed 5 (not sent)" for the same row, and "ok" for an issuance find
// shows as "ok (re-run)". On a terminal it reads as find's; a pipe's
// table keeps the outcome --status takes, and JSON its fields as they
// were.
func TestListOutcomeReadsAsFindsOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("COLUMNS", "200")
	at := time.Now().Add(-time.Hour)
	add := func(op string, verdict *httpx.Verdict, keys map[string]string) {
		t.Helper()
		at = at.Add(time.Second)
		en := httpx.Entry{Time: at, Profile: "sandbox", Provider: "ebao", Operation: op, Method: "POST", URL: "http://x", Status: 200, Keys: keys, Verdict: verdict}
		if verdict != nil && verdict.NotSent {
			en.Status, en.Error = 0, "dial tcp 127.0.0.1:9: connect: connection refused"
		}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	add("quotation", &httpx.Verdict{ExitClass: 4, Code: "400", Message: "holder e-mail is invalid"}, map[string]string{"plate": "沪A6U615"})
	add("issuance", &httpx.Verdict{ExitClass: 5, Message: "the connection closed", Unknown: true}, map[string]string{"quotationNumber": "Q2612030000000004"})
	add("cancellation", &httpx.Verdict{ExitClass: 5, Message: "could not connect, nothing was sent", NotSent: true}, map[string]string{"policyNumber": "P2612030000000003"})
	add("cancellation", &httpx.Verdict{ExitClass: 5, Message: "the connection closed", Unknown: true}, map[string]string{"policyNumber": "P2612030000000009"})
	if _, err := e.Store.Settle(context.Background(), store.Settlement{Profile: "sandbox", Provider: "ebao", Operation: "issuance",
		Key: "Q2612030000000004", Outcome: store.OutcomeOK, By: "re-run"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"沪A6U615": "failed 4", "Q2612030000000004": "ok (re-run)", "P2612030000000003": "failed 5 (not sent)", "P2612030000000009": "unknown 5"}
	row := func(out, what string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, what) {
				return l
			}
		}
		return ""
	}

	e.F.IOStreams.SetStdoutTTY(true)
	out := listAs(t, e, "table")
	e.F.IOStreams.SetStdoutTTY(false)
	for what, outcome := range want {
		if !regexp.MustCompile(`  ` + regexp.QuoteMeta(outcome) + `  `).MatchString(row(out, what)) {
			t.Errorf("terminal: the %s row does not read %q:\n%s", what, outcome, out)
		}
	}

	pipe := listAs(t, e, "table")
	for what, outcome := range map[string]string{"沪A6U615": "failed", "Q2612030000000004": "ok", "P2612030000000003": "failed", "P2612030000000009": "unknown"} {
		if cells := strings.Split(row(pipe, what), "\t"); len(cells) < 6 || cells[5] != outcome {
			t.Errorf("pipe: the %s row's outcome is not %q: %q", what, outcome, cells)
		}
	}

	js := listAs(t, e, "json")
	for _, field := range []string{`"outcome":"failed","exit_class":4`, `"outcome":"ok","exit_class":0`, `"outcome":"failed","exit_class":5`, `"outcome":"unknown","exit_class":5`,
		`"settled":{"by":"re-run","recorded_outcome":"unknown","recorded_exit_class":5}`} {
		if !strings.Contains(js, field) {
			t.Errorf("JSON lacks %s:\n%s", field, js)
		}
	}
	if strings.Contains(js, "(not sent)") || strings.Contains(js, "(re-run)") || strings.Contains(js, "failed 4") {
		t.Errorf("JSON took the table's wording:\n%s", js)
	}
}
