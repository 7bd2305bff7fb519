package list

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

// orderIDs lists with args and returns the rows' order ids, newest first.
func orderIDs(t *testing.T, e *cmdtest.Env, args ...string) string {
	t.Helper()
	var rows []struct{ Keys map[string]string }
	out := list(t, e, args...)
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Keys["orderId"])
	}
	return strings.Join(ids, " ")
}

// A row prints its time to the second (19:10:06 +08:00) and was sent at
// a fraction of it (19:10:06.5). That time copied as --until left the
// row out, and --since and --until both set to it was refused with a
// hint to swap them, the same window again. A time to the second takes
// that second in; an RFC 3339 time stays an instant.
func TestListUntilATimeCopiedFromARowTakesThatRowIn(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cmdtest.LocalZone(t, cst)
	e := cmdtest.New(t, cmdtest.Options{})
	for i, at := range []time.Time{
		time.Date(2026, 12, 1, 19, 10, 5, 900e6, cst),
		time.Date(2026, 12, 1, 19, 10, 6, 500e6, cst),
		time.Date(2026, 12, 1, 19, 10, 7, 200e6, cst),
	} {
		record(t, e, httpx.Entry{Time: at, Profile: "sandbox", Provider: "paoding", Operation: "report.get", Keys: map[string]string{"orderId": fmt.Sprintf("U-%d", i)}})
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--until", "2026-12-01 19:10:06 +08:00"}, "U-1 U-0"},
		{[]string{"--until", "2026-12-01 19:10:06"}, "U-1 U-0"},
		{[]string{"--since", "2026-12-01 19:10:06 +08:00", "--until", "2026-12-01 19:10:06 +08:00"}, "U-1"},
		{[]string{"--until", "2026-12-01T19:10:06+08:00"}, "U-0"},
		{[]string{"--until", "2026-12-01 19:10"}, ""},
	} {
		if got := orderIDs(t, e, c.args...); got != c.want {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
}

// --since and --until the same date matched nothing, and the hint was
// to swap them: "e.g. --since 2026-12-01 --until 2026-12-01". It says
// --until is left out and gives the next day.
func TestListWindowOfOneDateSuggestsTheNextDay(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := listErr(e, "--since", "2026-12-01", "--until", "2026-12-01")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "e.g. --since 2026-12-01 --until 2026-12-02") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	err = listErr(e, "--since", "1h", "--until", "2h")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "e.g. --since 2h --until 1h") {
		t.Errorf("--since 1h --until 2h: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// 24H and 7D, typed with caps lock on or copied from a ticket, were
// refused (exit 2). M is still refused: months or minutes?
func TestListSinceTakesDurationUnitsInCapitals(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	for since, want := range map[string]string{"24H": "O-2 O-1 O-0", "7D": "O-2 O-1 O-0", "1W": "O-2 O-1 O-0", "30S": "O-2"} {
		if got := orderIDs(t, e, "--since", since); got != want {
			t.Errorf("--since %s: %q, want %q", since, got, want)
		}
	}
	if err := listErr(e, "--since", "6M"); cmdutil.ExitCode(err) != 2 {
		t.Errorf("--since 6M: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A resident ID number read out with a digit missed (17 digits) matched
// nothing, and stderr repeated it in clear; an 18-digit one was masked.
func TestListDoesNotRepeatAResidentIDKeyWithADigitMissed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	for _, key := range []string{"44010619800101123", "440106 19800101 123", "440106800101123"} {
		out := list(t, e, "--key", key)
		if all := out + e.ErrOut.String(); strings.Contains(all, "800101") || !strings.Contains(all, "match --key 440*") {
			t.Errorf("--key %q: stdout and stderr:\n%s", key, all)
		}
	}
	// Other numbers of that length are identifiers, repeated as typed.
	list(t, e, "--key", "20261202064234282")
	if !strings.Contains(e.ErrOut.String(), "--key 20261202064234282") {
		t.Errorf("a session number cut short is masked: %s", e.ErrOut)
	}
}
