package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

func TestFlagParsing(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Now = func() time.Time { return now }
	var got *Options
	cmd := NewCmdExport(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--format", "jsonl", "--since", "30d", "--status", "ok", "--bodies", "--all-profiles"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "jsonl" || !got.Filter.Since.Equal(now.Add(-30*24*time.Hour)) || got.Filter.Status != "ok" || !got.Bodies || !got.AllProfiles {
		t.Fatalf("%+v", got)
	}
	for _, bad := range [][]string{{"--format", "xlsx"}, {"--since", "soon"}, {"--status", "meh"}} {
		cmd := NewCmdExport(e.F, func(*Options) error { return nil })
		cmd.SetArgs(bad)
		cmd.SetOut(e.ErrOut)
		cmd.SetErr(e.ErrOut)
		if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func record(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	now := time.Now()
	for _, en := range []httpx.Entry{
		{Time: now.Add(-48 * time.Hour), Profile: "sandbox", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200,
			Keys: map[string]string{"quotationNumber": "Q-OLD"}},
		{Time: now.Add(-time.Hour), Profile: "sandbox", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200,
			Keys: map[string]string{"quotationNumber": "Q1", "holderIdNumber": "132456199001011234"}, Request: "POST /quotations HTTP/1.1\n\n{\"PH006\":\"132456199001011234\"}\n", Response: "\n{}\n"},
		{Time: now, Profile: "sandbox", Provider: "paoding", Operation: "report.buy", Method: "POST", URL: "http://y", Error: "-connection reset, call 15710023568"},
		{Time: now, Profile: "work", Provider: "bihu", Operation: "renewal", Method: "GET", URL: "http://z", Status: 200},
	} {
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
}

func export(t *testing.T, e *cmdtest.Env, args ...string) string {
	t.Helper()
	e.Reset()
	cmd := NewCmdExport(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	return e.Out.String()
}

func TestExportCSVMasksPersonalData(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		record(t, e)
		out := export(t, e, "--since", "24h", "--bodies")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0][0] != "id" || recs[0][6] != "outcome" || recs[0][13] != "code" || recs[0][14] != "message" || recs[0][15] != "settled_by" || recs[0][17] != "interrupted" || len(recs[0]) != 20 {
			t.Fatalf("csv %q", recs)
		}
		if recs[1][4] != "quotation" || recs[1][6] != "ok" || !strings.Contains(recs[1][11], "quotationNumber=Q1") || !strings.Contains(recs[1][18], "132*************34") {
			t.Errorf("row %q", recs[1])
		}
		if recs[2][6] != "unknown" || recs[2][7] != "5" || !strings.HasPrefix(recs[2][12], "'-connection") {
			t.Errorf("row %q", recs[2])
		}
		for _, p := range []string{"132456199001011234", "15710023568"} {
			if strings.Contains(out, p) {
				t.Errorf("export shows personal data %s***", p[:3])
			}
		}
	}
}

func TestExportJSONLines(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	out := export(t, e, "--format", "jsonl", "--all-profiles")
	sc := bufio.NewScanner(strings.NewReader(out))
	var ids []int64
	for sc.Scan() {
		var r Row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if r.Request != nil {
			t.Error("bodies without --bodies")
		}
		ids = append(ids, r.ID)
	}
	if len(ids) != 4 || ids[0] > ids[3] {
		t.Fatalf("ids %v (want all four, oldest first)", ids)
	}
	if strings.Contains(export(t, e, "--format", "jsonl", "--show-personal", "--bodies"), "132456199001011234") == false {
		t.Error("--show-personal masks anyway")
	}
}

// An export that matches nothing says why on stderr, as history list does,
// whether or not stderr is a terminal: `export > out.csv 2>err.txt` used to
// leave an empty file and no word of why. It is still exit 0, with the CSV
// header alone (JSON Lines: nothing) on stdout.
func TestExportSaysWhyNothingMatches(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		if out := export(t, e, "--format", "jsonl"); out != "" || !strings.Contains(e.ErrOut.String(), "no requests recorded yet") {
			t.Errorf("tty %v, empty journal: stdout %q stderr %q", tty, out, e.ErrOut)
		}
		now := time.Now()
		for _, en := range []httpx.Entry{
			{Time: now.Add(-72 * time.Hour), Profile: "sandbox", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://x", Status: 200},
			{Time: now, Profile: "work", Provider: "bihu", Operation: "renewal", Method: "GET", URL: "http://z", Status: 200},
		} {
			if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
				t.Fatal(err)
			}
		}
		out := export(t, e, "--since", "1d")
		if recs, err := csv.NewReader(strings.NewReader(out)).ReadAll(); err != nil || len(recs) != 1 || recs[0][0] != "id" {
			t.Errorf("tty %v: stdout %q (want the header alone)", tty, out)
		}
		got := e.ErrOut.String()
		for _, want := range []string{`no requests recorded for profile "sandbox" match --since 1d`, "1 for other profiles", "--all-profiles"} {
			if !strings.Contains(got, want) {
				t.Errorf("tty %v: stderr %q lacks %q", tty, got, want)
			}
		}
	}
}

// A settled act exports as history list shows it: the outcome now known,
// and how it was settled with what was recorded (JSON Lines: settled; CSV:
// settled_by, recorded_outcome). The export used to drop both, so an
// audit saw a purchase that timed out as plain ok.
func TestExportKeepsHowAnActWasSettled(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(t.Context(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
		Method: "POST", URL: "http://y", Error: "timeout", Keys: map[string]string{"orderId": "SET-1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.Settle(t.Context(), store.Settlement{Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
		Key: "SET-1", Outcome: store.OutcomeOK, By: "look-up"}); err != nil {
		t.Fatal(err)
	}
	var row Row
	if err := json.Unmarshal([]byte(export(t, e, "--format", "jsonl")), &row); err != nil {
		t.Fatal(err)
	}
	if row.Outcome != "ok" || row.Settled == nil || row.Settled.By != "look-up" || row.Settled.Outcome != "unknown" {
		t.Errorf("jsonl row %+v (settled %+v)", row, row.Settled)
	}
	recs, err := csv.NewReader(strings.NewReader(export(t, e, "--format", "csv"))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%q %v", recs, err)
	}
	if got := recs[1][15:17]; got[0] != "look-up" || got[1] != "unknown" {
		t.Errorf("csv settled columns %q", got)
	}
}
