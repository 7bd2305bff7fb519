package prune

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

// now is the clock of every test: ages are counted from it, not from
// whenever the test runs.
var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// env is a world where --yes was given, as a script or cron passes it;
// confirm_test.go tests prune without it.
func env(t *testing.T, tty bool) *cmdtest.Env {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	e.F.Now = func() time.Time { return now }
	e.F.Globals.Yes = true
	return e
}

// seed records one entry per age, oldest first, each with body bytes of
// request; their order ids are O-0, O-1, ...
func seed(t *testing.T, e *cmdtest.Env, body string, ages ...time.Duration) {
	t.Helper()
	for i, age := range ages {
		en := httpx.Entry{Time: now.Add(-age), Profile: config.SandboxProfile, Provider: "paoding", Operation: "report.get",
			Keys: map[string]string{"orderId": fmt.Sprintf("O-%d", i)}, Method: "GET", URL: "http://x", Status: 200, Request: body}
		if _, err := e.Store.RecordEntry(t.Context(), en); err != nil {
			t.Fatal(err)
		}
	}
}

// left lists the order ids still in the journal, oldest first.
func left(t *testing.T, e *cmdtest.Env) []string {
	t.Helper()
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Limit: -1, Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Keys["orderId"])
	}
	return ids
}

func prune(e *cmdtest.Env, args ...string) error {
	e.Reset()
	cmd := NewCmdPrune(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

type result struct {
	Removed        int64 `json:"removed"`
	RemovedBytes   int64 `json:"removed_bytes"`
	Remaining      int64 `json:"remaining"`
	RemainingBytes int64 `json:"remaining_bytes"`
	DryRun         bool  `json:"dry_run"`
}

func decode(t *testing.T, out string) result {
	t.Helper()
	var r result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	return r
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func TestPruneFlags(t *testing.T) {
	e := env(t, false)
	e.F.Globals.DryRun = true
	var got *Options
	cmd := NewCmdPrune(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--older-than", "30d", "--max-size", "20MB"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.OlderThan != "30d" || got.MaxSize != "20MB" || !got.DryRun || !got.Now().Equal(now) {
		t.Fatalf("options %+v", got)
	}

	cmd = NewCmdPrune(e.F, func(*Options) error { t.Error("ran with an argument"); return nil })
	cmd.SetArgs([]string{"30d"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "30d") {
		t.Errorf("an argument: exit %d %v", cmdutil.ExitCode(err), err)
	}
}

// Limits that do not parse are exit 2 naming each flag at once, and the
// journal is untouched.
func TestPruneBadLimitsRemoveNothing(t *testing.T) {
	e := env(t, false)
	e.F.Globals.DryRun = false
	seed(t, e, "", days(400), days(1))
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--older-than", "soon"}, []string{"--older-than"}},
		{[]string{"--older-than", "0d"}, []string{"--older-than"}},
		{[]string{"--older-than", "-3h"}, []string{"--older-than"}},
		{[]string{"--max-size", "lots"}, []string{"--max-size"}},
		{[]string{"--max-size", "0"}, []string{"--max-size"}},
		{[]string{"--older-than", "1y", "--max-size", "-5MB"}, []string{"--older-than", "--max-size"}},
		// Six minutes, meant as six months: it would remove nearly everything.
		{[]string{"--older-than", "6m"}, []string{"--older-than"}},
		{[]string{"--older-than", "90s"}, []string{"--older-than"}},
	} {
		err := prune(e, tc.args...)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) || len(fe.Fields) != len(tc.want) {
			t.Errorf("%v: exit %d %v", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		for i, f := range fe.Fields {
			if f.Field != tc.want[i] {
				t.Errorf("%v: field %d is %q, want %q", tc.args, i, f.Field, tc.want[i])
			}
		}
		if e.Out.Len() != 0 {
			t.Errorf("%v: stdout %q", tc.args, e.Out)
		}
	}
	if got := left(t, e); len(got) != 2 {
		t.Fatalf("bad limits removed entries: %v left", got)
	}
}

// In a pipe, with --yes (as cron runs it, see docs/support.md), prune
// prints JSON: without flags the built-in 90 days go.
func TestPruneInAPipeRemovesEntriesOlderThan90Days(t *testing.T) {
	e := env(t, false)
	seed(t, e, "", days(200), days(91), days(89), days(1))
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	r := decode(t, e.Out.String())
	if r.Removed != 2 || r.Remaining != 2 || r.DryRun || r.RemovedBytes <= 0 || r.RemainingBytes <= 0 {
		t.Errorf("%+v", r)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-2,O-3" {
		t.Errorf("left %v", got)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr %q", e.ErrOut)
	}
	// A second run finds nothing more to remove.
	if err := prune(e); err != nil || decode(t, e.Out.String()).Removed != 0 {
		t.Errorf("second run: %v %s", err, e.Out)
	}
}

func TestPruneDryRunRemovesNothing(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := env(t, tty)
		e.F.Globals.DryRun = true
		seed(t, e, "", days(40), days(20), days(1))
		if err := prune(e, "--older-than", "30d"); err != nil {
			t.Fatal(err)
		}
		if tty {
			if out := e.Out.String(); !strings.HasPrefix(out, "Would remove 1 journal entries (") || !strings.Contains(out, "; 2 entries (") {
				t.Errorf("terminal: %q", out)
			}
		} else if r := decode(t, e.Out.String()); r.Removed != 1 || r.Remaining != 2 || !r.DryRun {
			t.Errorf("pipe: %+v", r)
		}
		if got := left(t, e); len(got) != 3 {
			t.Errorf("tty %v: --dry-run left %v", tty, got)
		}
	}
}

// On a terminal it says in a sentence what went and what is left.
func TestPruneOnATerminalSaysWhatWent(t *testing.T) {
	e := env(t, true)
	seed(t, e, strings.Repeat("x", 2000), days(100), days(95), days(3))
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.HasPrefix(out, "Removed 2 journal entries (") || !regexp.MustCompile(`KiB\) recorded up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d; 1 entries \(`).MatchString(out) ||
		!strings.HasSuffix(out, " remain\n") {
		t.Errorf("stdout %q", out)
	}
	if json.Valid(e.Out.Bytes()) {
		t.Error("JSON on a terminal")
	}
	if got := left(t, e); strings.Join(got, ",") != "O-2" {
		t.Errorf("left %v", got)
	}
}

// After the age, the oldest entries go until the rest fit --max-size.
func TestPruneMaxSizeKeepsTheNewestThatFit(t *testing.T) {
	e := env(t, false)
	// Each entry holds about 10 kB: 25 kB keeps the newest two.
	seed(t, e, strings.Repeat("x", 10000), days(5), days(4), days(3), days(2), days(1))
	if err := prune(e, "--max-size", "25KB"); err != nil {
		t.Fatal(err)
	}
	r := decode(t, e.Out.String())
	if r.Removed != 3 || r.Remaining != 2 || r.RemainingBytes > 25000 {
		t.Errorf("%+v", r)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-3,O-4" {
		t.Errorf("left %v", got)
	}
}

// The profile's defaults apply where no flag is given; a flag wins over
// them.
func TestPruneTakesTheProfileDefaults(t *testing.T) {
	e := env(t, false)
	setDefaults(e, config.Section{"history-max-age": "7d"})
	seed(t, e, "", days(30), days(10), days(5))
	if err := prune(e, "--older-than", "20d"); err != nil {
		t.Fatal(err)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-1,O-2" {
		t.Fatalf("--older-than 20d over the profile's 7d: left %v", got)
	}
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-2" {
		t.Fatalf("the profile's 7d: left %v", got)
	}
}

func setDefaults(e *cmdtest.Env, sec config.Section) {
	if e.Config.File.Profiles == nil {
		e.Config.File.Profiles = map[string]map[string]config.Section{}
	}
	e.Config.File.Profiles[config.SandboxProfile] = map[string]config.Section{config.DefaultsSection: sec}
}

// A retention the profile sets but that cannot be read is not replaced by
// the built-in 90 days: that would remove what the user meant to keep.
// Nothing is removed and the setting is named.
func TestPruneWithABadProfileLimitRemovesNothing(t *testing.T) {
	e := env(t, false)
	setDefaults(e, config.Section{"history-max-age": "half a year"})
	seed(t, e, "", days(120), days(1))
	err := prune(e)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) || len(fe.Fields) != 1 ||
		fe.Fields[0].Field != "defaults.history-max-age" || !strings.Contains(fe.Message, "nothing was removed") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got := left(t, e); len(got) != 2 {
		t.Errorf("left %v", got)
	}
	// Both flags given: the profile is not needed.
	if err := prune(e, "--older-than", "90d", "--max-size", "1GB"); err != nil {
		t.Fatal(err)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-1" {
		t.Errorf("with both flags: left %v", got)
	}
}

// A selected profile that does not exist (a typo in -p) is exit 2, not a
// prune with the built-in limits.
func TestPruneWithAnUnknownProfileRemovesNothing(t *testing.T) {
	e := env(t, false)
	e.F.Globals.Profile = "wrok"
	seed(t, e, "", days(120), days(1))
	err := prune(e)
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), `"wrok"`) || !strings.Contains(err.Error(), "nothing was removed") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got := left(t, e); len(got) != 2 {
		t.Errorf("left %v", got)
	}
}

// With no profile selected at all the built-in limits apply.
func TestPruneWithoutAProfileUsesTheBuiltInLimits(t *testing.T) {
	e := env(t, false)
	e.F.Globals.Profile = ""
	seed(t, e, "", days(120), days(1))
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if got := left(t, e); strings.Join(got, ",") != "O-1" {
		t.Errorf("left %v", got)
	}
}

// What the help promises: the personal data of a removed entry is gone
// from the disk, not only from the listing.
func TestPruneLeavesNoTraceOfRemovedEntriesOnDisk(t *testing.T) {
	e := env(t, false)
	const marker = "PH006=132456199001011234 张三丰"
	seed(t, e, marker, days(200))
	seed(t, e, "kept", days(1))
	if !onDisk(t, e.Store.Path, marker) {
		t.Fatal("the marker is not on disk before pruning: the check below would prove nothing")
	}
	if err := prune(e); err != nil {
		t.Fatal(err)
	}
	if onDisk(t, e.Store.Path, marker) {
		t.Error("a pruned entry's body is still in the store's files")
	}
}

// onDisk says whether the database or its WAL holds s.
func onDisk(t *testing.T, path, s string) bool {
	t.Helper()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}
