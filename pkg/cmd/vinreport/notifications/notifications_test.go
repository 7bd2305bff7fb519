package notifications

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/listen"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
)

func TestFlagParsing(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Now = func() time.Time { return now }
	var got *Options
	cmd := NewCmdNotifications(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--order-id", " ORD-1 ", "--since", "24h", "--until", "2026-11-30T10:00:00+08:00", "-L", "0"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.OrderID != "ORD-1" || !got.From.Equal(now.Add(-24*time.Hour)) || !got.To.Equal(time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)) || got.Limit != 0 {
		t.Errorf("options %+v", got)
	}
	cmd = NewCmdNotifications(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil || got.Limit != defaultLimit || got.OrderID != "" || !got.From.IsZero() {
		t.Errorf("defaults %+v %v", got, err)
	}
	for _, bad := range [][]string{{"-L", "-1"}, {"--since", "the day before"}, {"--since", "1h", "--until", "2h"},
		{"--order-id", strings.Repeat("x", 51)}, {"ORD-1"}} {
		cmd := NewCmdNotifications(e.F, func(*Options) error { t.Errorf("%v ran", bad); return nil })
		cmd.SetArgs(bad)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", bad, cmdutil.ExitCode(err), err)
		}
	}
}

// receive runs the real listener on the Env's store and posts bodies to
// it, one after another, as Paoding would.
func receive(t *testing.T, st *store.Store, bodies ...string) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- listen.Run(&listen.Options{Ctx: context.Background(), IO: ios, Addr: "127.0.0.1:0", Count: len(bodies),
			Store: func() (*store.Store, error) { return st, nil }, Ready: func(a string) { ready <- a }})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("listener: %v", err)
	}
	for _, b := range bodies {
		ctype := "application/x-www-form-urlencoded"
		if strings.HasPrefix(b, "{") {
			ctype = "application/json"
		}
		resp, err := http.Post("http://"+addr+"/notify", ctype, strings.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		ack, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(ack) != "success" {
			t.Fatalf("%s answered %q", b, ack)
		}
		time.Sleep(5 * time.Millisecond) // distinct arrival times
	}
	if err := <-done; err != nil {
		t.Fatalf("listener: %v", err)
	}
}

var received = []string{
	"status=1&orderId=ORD-A&platformOrderId=P-A",
	"status=2&orderId=ORD-A&platformOrderId=P-A&token=SENDER-SECRET",
	"status=2&orderId=ORD-A&platformOrderId=P-A&token=SENDER-SECRET", // Paoding's repeat
	`{"status":4,"orderId":"ORD-B","platformOrderId":"P-B","sign":"SENDER-SIGN"}`,
}

func run(t *testing.T, e *cmdtest.Env, args ...string) (string, string) {
	t.Helper()
	e.Reset()
	cmd := NewCmdNotifications(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return e.Out.String(), e.ErrOut.String()
}

func TestListInAPipeIsJSONNewestFirst(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	receive(t, e.Store, received...)
	out, errOut := run(t, e)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r["orderId"].(string)+" "+r["status"].(string)+" "+r["statusText"].(string)+" "+r["platformOrderId"].(string))
	}
	want := []string{"ORD-B 4 no record P-B", "ORD-A 2 found P-A", "ORD-A 1 generating P-A"}
	if strings.Join(got, "|") != strings.Join(want, "|") || errOut != "" {
		t.Fatalf("rows %q, stderr %q", got, errOut)
	}
	if rows[1]["count"].(float64) != 2 || rows[0]["receivedAt"] == "" || rows[1]["lastAt"] == rows[1]["receivedAt"] {
		t.Errorf("counts and times: %v", rows[1])
	}
	// What else a sender put in the body is not shown.
	if strings.Contains(out, "SENDER-") || strings.Contains(out, "body") || strings.Contains(out, "hash") {
		t.Errorf("the body leaked: %s", out)
	}

	out, errOut = run(t, e, "--order-id", "ORD-A", "-L", "1")
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0]["status"] != "2" ||
		strings.TrimSpace(errOut) != "1 of 2 shown; --limit 0 for all" {
		t.Fatalf("--order-id -L 1: %s, stderr %q", out, errOut)
	}
	e.F.Globals.JQ = ".[].orderId" // --jq, a global flag
	out, _ = run(t, e, "--since", "2026-01-01")
	e.F.Globals.JQ = ""
	if out != "ORD-B\nORD-A\nORD-A\n" {
		t.Fatalf("--jq: %q", out)
	}
	out, _ = run(t, e, "--until", "1h")
	if out != "[]\n" {
		t.Fatalf("--until 1h: %q", out)
	}
}

func TestListOnATerminalIsATableWithZonedTimes(t *testing.T) {
	defer output.SetZone(time.FixedZone("CST", 8*3600))()
	t.Setenv("COLUMNS", "120")
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	receive(t, e.Store, received...)
	out, _ := run(t, e)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "RECEIVED") && !strings.HasPrefix(strings.ToLower(lines[0]), "received") {
		t.Fatalf("table:\n%s", out)
	}
	if !strings.Contains(lines[1], "+08:00") || !strings.Contains(lines[1], "ORD-B") || !strings.Contains(lines[1], "4 no record") ||
		!strings.Contains(lines[2], "2 found") || !strings.Contains(lines[3], "1 generating") || strings.Contains(out, "SENDER-") {
		t.Fatalf("table:\n%s", out)
	}
	// On a narrow terminal the zone, the same in every row, goes to the
	// header, so the order ids keep their room.
	t.Setenv("COLUMNS", "60")
	out, _ = run(t, e)
	if !strings.Contains(strings.ToLower(out), "(+08:00)") || strings.Count(out, "+08:00") != 1 || !strings.Contains(out, "ORD-B") {
		t.Fatalf("narrow table:\n%s", out)
	}
}

func TestEmptyStoreSaysSoOnStderrAndExitsZero(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		out, errOut := run(t, e)
		if (!tty && out != "[]\n") || (tty && out != "") ||
			!strings.Contains(errOut, "no notifications recorded yet") || !strings.Contains(errOut, "vin-report listen") {
			t.Errorf("tty %v: stdout %q stderr %q", tty, out, errOut)
		}
		receive(t, e.Store, received[0])
		out, errOut = run(t, e, "--order-id", "ORD-NONE")
		if (!tty && out != "[]\n") || (tty && out != "") ||
			!strings.Contains(errOut, "no notifications recorded match --order-id ORD-NONE; 1 recorded in all") {
			t.Errorf("tty %v: stdout %q stderr %q", tty, out, errOut)
		}
	}
}

// An orderId is the sender's choice, and the table keeps colour
// sequences: one with controls is shown quoted, not obeyed.
func TestSenderControlsAreQuotedInTheTable(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	receive(t, e.Store, `{"status":2,"orderId":"ORD-\u001b[31mRED","platformOrderId":"P-C"}`)
	out, _ := run(t, e)
	if strings.Contains(out, "\x1b") || !strings.Contains(out, `"ORD-\x1b[31mRED"`) {
		t.Fatalf("table:\n%q", out)
	}
}

// A right-to-left override in an orderId reversed the rest of its row on
// a terminal that honours it, and a zero-width character shifted the
// columns: both are shown escaped, while Chinese text stays as it is.
func TestSenderFormatCharactersAreQuotedInTheTable(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	receive(t, e.Store, `{"status":2,"orderId":"ORD-\u202eLIVE","platformOrderId":"P-B"}`)
	receive(t, e.Store, `{"status":2,"orderId":"ORD-\u200bZW","platformOrderId":"P-Z"}`)
	receive(t, e.Store, `{"status":2,"orderId":"订单-1","platformOrderId":"P-H"}`)
	out, _ := run(t, e)
	if strings.ContainsAny(out, "\u202e\u200b") || !strings.Contains(out, `"ORD-\u202eLIVE"`) || !strings.Contains(out, `"ORD-\u200bZW"`) ||
		!strings.Contains(out, "订单-1") || strings.Contains(out, `"订单-1"`) {
		t.Fatalf("table:\n%q", out)
	}
}
