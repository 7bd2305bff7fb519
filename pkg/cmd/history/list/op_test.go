package list

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// recordSunshine records one purchase's first steps as the Sunshine
// client names them, and a Paoding report.get.
func recordSunshine(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	now := time.Now()
	for i, op := range []string{"txn.100", "txn.105", "lookup.check"} {
		en := httpx.Entry{Time: now.Add(time.Duration(i) * time.Second), Profile: "sandbox", Provider: "sunshine", Operation: op,
			Keys: map[string]string{"sessionId": "S-1"}, Method: "POST", URL: "http://s", Status: 200}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: now, Profile: "sandbox", Provider: "paoding", Operation: "report.get",
		Method: "GET", URL: "http://p", Status: 200}); err != nil {
		t.Fatal(err)
	}
}

// A Sunshine transaction is recorded as txn.105, and insure api names it
// 105: --op takes either, in any case, on a terminal and in a pipe. --op
// 105 used to match nothing.
func TestListOpTakesTheTransactionCode(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		recordSunshine(t, e)
		for _, op := range []string{"105", "txn.105", "TXN.105"} {
			out := listAs(t, e, "table", "--op", op)
			if !strings.Contains(out, "txn.105") || strings.Contains(out, "txn.100") || strings.Contains(out, "report.get") {
				t.Errorf("tty %v, --op %s:\n%s", tty, op, out)
			}
		}
		if out := listAs(t, e, "json", "--op", "105", "--provider", "sunshine"); strings.Count(out, `"operation":"txn.105"`) != 1 || strings.Contains(out, "txn.100") {
			t.Errorf("tty %v, json: %s", tty, out)
		}
		// Names insure api does not send keep working.
		if out := listAs(t, e, "json", "--op", "lookup.check"); !strings.Contains(out, `"operation":"lookup.check"`) {
			t.Errorf("tty %v, --op lookup.check:\n%s", tty, out)
		}
	}
}

// An --op no provider has and the journal does not hold could only list
// nothing: exit 2, nothing on stdout, with close names as the hint (an
// operation that has the word as a part, then likely typos).
func TestListOpNoProviderHasIsRefusedWithCloseNames(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		recordSunshine(t, e)
		for op, want := range map[string][]string{
			"10S":        {"105"},
			"report.bye": {"report.buy", "report.get"},
			"get":        {"brandFactory.get", "report.get"},
		} {
			e.Reset()
			cmd := NewCmdList(e.F, nil)
			cmd.SetArgs([]string{"--op", op})
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			var fe *failure.Error
			if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Message, "--op "+op) {
				t.Errorf("tty %v, --op %s: exit %d: %v", tty, op, cmdutil.ExitCode(err), err)
				continue
			}
			for _, w := range want {
				if !strings.Contains(fe.Hint, w) || !strings.HasPrefix(fe.Hint, "did you mean") {
					t.Errorf("tty %v, --op %s: hint %q does not offer %s", tty, op, fe.Hint, w)
				}
			}
			if e.Out.Len() != 0 {
				t.Errorf("tty %v, --op %s: stdout %q", tty, op, e.Out)
			}
		}
	}
}
