package get

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/store"
)

// reportAnswering points the profile at a server that forwards every
// call to the sandbox but answers report.get with data (the JSON of the
// envelope's data member, as a server might send it), and counts the
// report.get calls it answered.
func reportAnswering(t *testing.T, e *cmdtest.Env, data string) *atomic.Int32 {
	t.Helper()
	target := e.SandboxBase(t, "paoding")
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/4s/report/get") {
			cmdtest.Forward(w, r, target, r.Body)
			return
		}
		gets.Add(1)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		body := `{"code":"10000","remark":"成功"`
		if data != "" {
			body += `,"data":` + data
		}
		_, _ = w.Write([]byte(body + "}"))
	}))
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "paoding", srv.URL)
	return &gets
}

// journalOf is the journal's report.get rows, oldest first.
func journalOf(t *testing.T, e *cmdtest.Env) []store.JournalEntry {
	t.Helper()
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Operation: "report.get", Limit: -1, Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// An answer with code 10000 that is not a report of the order asked for
// (no data, an empty object, no status or one the document does not
// define, another order's report) is unreadable: exit 6 naming what is
// wrong, nothing on stdout, and --wait stops at once instead of taking
// it for a finished report. The journal row says so too.
func TestAnswerThatIsNotThisOrdersReportIsExit6(t *testing.T) {
	for _, tc := range []struct{ name, data, words string }{
		{"null data", `null`, "no report"},
		{"no data", ``, "no report"},
		{"empty object", `{}`, "no report status"},
		{"not an object", `"ready"`, "not an object"},
		{"no status", `{"orderId":"ANS-1","platformOrderId":"20250310-0001","vin":"LSVAU2180N2183294"}`, "no report status"},
		{"status 30", `{"status":"30","orderId":"ANS-1","platformOrderId":"20250310-0001"}`, "report status \"30\" is none of"},
		{"status 0", `{"status":0,"orderId":"ANS-1","platformOrderId":"20250310-0001"}`, "report status 0 is none of"},
		{"another order", `{"status":"2","orderId":"SOMEONE-ELSE","platformOrderId":"20250310-0009","vin":"LFV2A21K0G3000000","totalMileage":"1"}`,
			`report of order "SOMEONE-ELSE", not of "ANS-1"`},
		{"no order id", `{"status":"2","platformOrderId":"20250310-0009","vin":"LFV2A21K0G3000000"}`, "names no orderId"},
	} {
		for _, wait := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s wait %v", tc.name, wait), func(t *testing.T) { answerIsExit6(t, tc.data, tc.words, wait) })
		}
	}
}

func answerIsExit6(t *testing.T, data, words string, wait bool) {
	e := cmdtest.New(t, cmdtest.Options{})
	gets := reportAnswering(t, e, data)
	args := []string{"ANS-1"}
	if wait {
		args = append(args, "--wait", "--interval", "1s", "--wait-timeout", "30s")
	}
	err := runGet(e, args...)
	if cmdutil.ExitCode(err) != 6 {
		t.Fatalf("exit %d: %v\nstdout %s", cmdutil.ExitCode(err), err, e.Out)
	}
	if msg := err.Error(); !strings.Contains(msg, "ANS-1") || !strings.Contains(msg, words) {
		t.Errorf("message %q, want %q", msg, words)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out)
	}
	if n := gets.Load(); n != 1 {
		t.Errorf("%d report.get calls, want 1", n)
	}
	if rows := journalOf(t, e); len(rows) != 1 || rows[0].Outcome != store.OutcomeFailed || rows[0].ExitClass != 6 {
		t.Errorf("journal %+v", rows)
	}
}

// The answers that are reports still pass: a quoted status of 1 to 4 for
// the order asked for (the sandbox quotes it, as the document's examples
// do).
func TestQuotedStatusOfThisOrderIsAReport(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	reportAnswering(t, e, `{"status":"2","orderId":"ANS-2","platformOrderId":"20250310-0001","totalMileage":"10000.00"}`)
	e.F.Globals.Output = "json"
	if err := runGet(e, "ANS-2"); err != nil {
		t.Fatal(err)
	}
	var got struct{ OrderID, TotalMileage string }
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil || got.OrderID != "ANS-2" || got.TotalMileage != "10000.00" {
		t.Fatalf("%q: %v", e.Out, err)
	}
}

// A report whose status is 3 (query failed) or 4 (no record) makes the
// command exit 4, and the journal row says the same (failed, exit 4,
// status:N), so find does not tell support the report was fetched. A
// found report is ok.
func TestFinishedOrderWithoutReportIsJournalledAsTheCommandRead(t *testing.T) {
	for _, tc := range []struct{ vin, status string }{
		{"LSVAU2180N2183299", "3"}, // the sandbox: last character 9
		{"LSVAU2180N2183290", "4"}, // last character 0
		{"LSVAU2180N2183294", "2"},
	} {
		c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
		e := cmdtest.New(t, cmdtest.Options{Now: c.Now})
		id := "JRN-" + tc.status
		buyOrder(t, e, tc.vin, id)
		c.Add(5 * time.Second)
		err := runGet(e, id)
		want := 4
		if tc.status == "2" {
			want = 0
		}
		if cmdutil.ExitCode(err) != want {
			t.Fatalf("status %s: exit %d: %v", tc.status, cmdutil.ExitCode(err), err)
		}
		rows := journalOf(t, e)
		if len(rows) != 1 {
			t.Fatalf("status %s: journal %+v", tc.status, rows)
		}
		last := rows[0]
		if want == 0 {
			if last.Outcome != store.OutcomeOK || last.ExitClass != 0 {
				t.Errorf("found report journalled %s %d", last.Outcome, last.ExitClass)
			}
			continue
		}
		if last.Outcome != store.OutcomeFailed || last.ExitClass != 4 || last.Code != "status:"+tc.status || !strings.Contains(last.Message, id) {
			t.Errorf("status %s journalled %s %d [%s] %q", tc.status, last.Outcome, last.ExitClass, last.Code, last.Message)
		}
		e.Reset()
		cmd := find.NewCmdFind(e.F, nil)
		cmd.SetArgs([]string{id})
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		var s find.Story
		if err := json.Unmarshal(e.Out.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		// The milestone would read "report fetched 10:00"; the failure is
		// told as the last step's outcome instead.
		if regexp.MustCompile(`report fetched \d`).MatchString(s.State) || !strings.Contains(s.State, "failed, exit 4 [status:"+tc.status+"]") {
			t.Errorf("status %s: find says %q", tc.status, s.State)
		}
	}
}
