package list

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
	"go.yaml.in/yaml/v3"
)

func TestFlagParsing(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	// Options.Now is set from the factory; pin it.
	e.F.Now = func() time.Time { return now }
	cmd := NewCmdList(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--since", "24h", "--until", "2026-11-30T10:00:00+08:00", "--status", "Unknown", "--provider", "ebao", "--op", "issuance", "-L", "0", "--all-profiles", "--key", "P1"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	f := got.Filter
	if !f.Since.Equal(now.Add(-24*time.Hour)) || !f.Until.Equal(time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)) || f.Status != "unknown" ||
		f.Provider != "ebao" || f.Operation != "issuance" || f.Limit != 0 || !got.AllProfiles || f.Key != "P1" {
		t.Errorf("options %+v", got)
	}
	for _, bad := range [][]string{{"--status", "maybe"}, {"--since", "the day before"}, {"-L", "-1"}, {"--for-profile", "x", "--all-profiles"},
		// A window that ends before it begins would list nothing, exit 0.
		{"--since", "1h", "--until", "2h"}, {"--since", "2026-11-30T10:00:00+08:00", "--until", "2026-11-30T10:00:00+08:00"}} {
		cmd := NewCmdList(e.F, func(*Options) error { return nil })
		cmd.SetArgs(bad)
		cmd.SetOut(e.ErrOut)
		cmd.SetErr(e.ErrOut)
		if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

// fill records n entries of the sandbox profile an hour apart, oldest
// first, ending now, and one of another profile; every fifth failed on
// the network.
func fill(t *testing.T, e *cmdtest.Env, n int) {
	t.Helper()
	now := time.Now()
	for i := range n {
		en := httpx.Entry{Time: now.Add(-time.Duration(n-1-i) * time.Hour), Profile: "sandbox", Provider: "paoding", Operation: "report.get",
			Keys: map[string]string{"orderId": fmt.Sprintf("O-%d", i)}, Method: "GET", URL: "http://x", Status: 200}
		if i%5 == 0 {
			en.Status, en.Error = 0, "connection reset"
		}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: now, Profile: "work", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://y", Status: 200}); err != nil {
		t.Fatal(err)
	}
}

func list(t *testing.T, e *cmdtest.Env, args ...string) string {
	t.Helper()
	e.Reset()
	cmd := NewCmdList(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return e.Out.String()
}

// listAs lists with -o format (a global flag, set on the factory).
func listAs(t *testing.T, e *cmdtest.Env, format string, args ...string) string {
	t.Helper()
	e.F.Globals.Output = format
	defer func() { e.F.Globals.Output = "" }()
	return list(t, e, args...)
}

func TestListInAPipeStreamsJSONAndSaysWhenCut(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 40)
	var got []struct {
		ID      int64
		Profile string
		Keys    map[string]string
	}
	decode := func(out string) {
		t.Helper()
		got = nil
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, out)
		}
	}
	decode(list(t, e))
	if len(got) != 30 || got[0].Keys["orderId"] != "O-39" || strings.TrimSpace(e.ErrOut.String()) != "30 of 40 shown; --limit 0 for all" {
		t.Fatalf("%d rows, first %+v, stderr %q", len(got), got[0], e.ErrOut.String())
	}
	for _, g := range got {
		if g.Profile != "sandbox" {
			t.Fatalf("another profile's row without --all-profiles: %+v", g)
		}
	}
	decode(list(t, e, "-L", "0"))
	if len(got) != 40 || e.ErrOut.Len() != 0 {
		t.Fatalf("-L 0: %d rows, stderr %q", len(got), e.ErrOut.String())
	}
	decode(list(t, e, "-L", "0", "--all-profiles"))
	if len(got) != 41 {
		t.Fatalf("--all-profiles: %d rows", len(got))
	}
	decode(list(t, e, "--status", "unknown", "-L", "0"))
	if len(got) != 8 {
		t.Fatalf("--status unknown: %d rows", len(got))
	}
	// O-35 (5h ago) failed on the network; O-36 is 3h old.
	decode(list(t, e, "--since", "150m", "--status", "ok"))
	if len(got) != 3 || got[0].Keys["orderId"] != "O-39" || got[2].Keys["orderId"] != "O-37" {
		t.Fatalf("--since 150m --status ok: %+v", got)
	}
	decode(list(t, e, "--key", "NOTHING"))
	if len(got) != 0 {
		t.Fatalf("no match: %+v", got)
	}
	var y []map[string]any
	if err := yaml.Unmarshal([]byte(listAs(t, e, "yaml", "-L", "3")), &y); err != nil || len(y) != 3 {
		t.Fatalf("yaml: %v %d", err, len(y))
	}
	// A table in a pipe: a header and one tab-separated line per row.
	lines := strings.Split(strings.TrimSpace(listAs(t, e, "table", "-L", "5")), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "id\ttime") || !strings.Contains(lines[1], "orderId=O-39") {
		t.Fatalf("table: %q", lines)
	}
}

func TestListOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	fill(t, e, 40)
	out := list(t, e)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// At 80 columns the time keeps its zone; the keys are what is cut.
	if len(lines) != 31 || !strings.HasPrefix(lines[0], "ID") || !strings.HasPrefix(lines[1], "40  ") || !strings.Contains(lines[1], "orderId") {
		t.Fatalf("table:\n%s", out)
	}
	if !strings.Contains(e.ErrOut.String(), "30 of 40 shown; --limit 0 for all") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	list(t, e, "--provider", "bihu")
	if !strings.Contains(e.ErrOut.String(), "no requests recorded") {
		t.Errorf("empty: stderr %q", e.ErrOut.String())
	}
}

// Every time shows with its zone: the reader's local zone on a terminal
// and in a pipe's table, RFC 3339 in JSON.
func TestListTimesCarryTheirZone(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("EST", -5*3600))
	at := time.Date(2026, 11, 30, 9, 42, 6, 0, time.UTC)
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: at, Profile: "sandbox", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "http://y", Status: 200}); err != nil {
			t.Fatal(err)
		}
		if out := listAs(t, e, "table"); !strings.Contains(out, "2026-11-30 04:42:06 -05:00") {
			t.Errorf("tty %v: the table's time is not local with its zone:\n%s", tty, out)
		}
		var got []struct{ Time string }
		if err := json.Unmarshal([]byte(listAs(t, e, "json")), &got); err != nil || len(got) != 1 {
			t.Fatalf("tty %v: %v %+v", tty, err, got)
		}
		if tm, err := time.Parse(time.RFC3339, got[0].Time); err != nil || !tm.Equal(at) {
			t.Errorf("tty %v: JSON time %q is not RFC 3339 for %s: %v", tty, got[0].Time, at, err)
		}
	}
}

// A support engineer copies a time from the table (2026-12-01 19:10:06
// +08:00) or types the date a customer gave; --since and --until took
// only RFC 3339 and durations and refused both, exit 2. A time without an
// offset is read in the zone the list shows times in (China time here).
func TestListSinceTakesTheTimesTheListPrintsAndLocalDates(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	e := cmdtest.New(t, cmdtest.Options{})
	// 23:30 on 30 November in China is 15:30 UTC, the same day in UTC:
	// a date read in UTC would take the first entry in.
	for i, at := range []time.Time{
		time.Date(2026, 11, 30, 23, 30, 0, 0, cst),
		time.Date(2026, 12, 1, 0, 30, 0, 0, cst),
		time.Date(2026, 12, 1, 19, 10, 6, 0, cst),
	} {
		record(t, e, httpx.Entry{Time: at, Profile: "sandbox", Provider: "paoding", Operation: "report.get",
			Keys: map[string]string{"orderId": fmt.Sprintf("T-%d", i)}})
	}
	ids := func(args ...string) string { return orderIDs(t, e, args...) }
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "2026-12-01 19:10:06 +08:00"}, "T-2"},
		{[]string{"--since", "2026-12-01"}, "T-2 T-1"},
		{[]string{"--until", "2026-12-01"}, "T-0"},
		{[]string{"--since", "2026-12-01 00:00", "--until", "2026-12-01 19:10"}, "T-1"},
		{[]string{"--since", "2026-12-01T19:10:06"}, "T-2"},
	} {
		if got := ids(c.args...); got != c.want {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
	if err := listErr(e, "--since", "last week"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "2026-11-30 18:00") {
		t.Errorf("--since last week: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
