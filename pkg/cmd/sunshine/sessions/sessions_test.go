package sessions

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/deliver"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/mattn/go-runewidth"
)

func TestListsSessionsAndDeliverNeedsUnderwriting(t *testing.T) {
	t.Setenv("COLUMNS", "200") // wide enough for every column uncut
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	s := &purchase.Session{ID: "20260302100000123456", Profile: config.SandboxProfile, Step: "130", Plate: "冀A00021", PackageType: "luxury",
		Premiums: map[string]int64{"totalPremium": 542975}, SubOrders: []sunshine.SubOrder{{Type: "biz", ProposalNo: "T1", PolicyNo: "P1"}}}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	cmd := NewCmdSessions(e.F, nil)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"20260302100000123456", "130 issue policy", "5429.75", "biz policy", "P1"} {
		if !strings.Contains(e.Out.String(), want) {
			t.Errorf("%q not in %s", want, e.Out.String())
		}
	}
	d := deliver.NewCmdDeliver(e.F, nil)
	d.SetArgs([]string{"--session", s.ID, "--name", "李四"})
	d.SilenceUsage, d.SilenceErrors = true, true
	if err := d.Execute(); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("deliver after issue: %v", err)
	}
}

// The owner's name is personal data: masked in the JSON as history masks
// names, shown with --show-personal. It was printed in clear.
func TestOwnerIsMaskedUnlessAskedFor(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	s := &purchase.Session{ID: "20260302100000123456", Profile: config.SandboxProfile, Step: "105", Plate: "冀A00021", Owner: "张三丰"}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args       []string
		want, gone string
	}{
		{nil, `"owner":"张**"`, "张三丰"},
		{[]string{"--show-personal"}, `"owner":"张三丰"`, "张**"},
	} {
		e.Reset()
		cmd := NewCmdSessions(e.F, nil)
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		if out := e.Out.String(); !strings.Contains(out, c.want) || strings.Contains(out, c.gone) {
			t.Errorf("%v: %s", c.args, out)
		}
	}
}

// --limit 0 lists every session (not the store's default of 100), a cut
// list says so on stderr, and a negative --limit is exit 2.
func TestLimitZeroIsAllAndACutIsSaid(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for i := 0; i < 102; i++ {
		s := &purchase.Session{ID: fmt.Sprintf("2026030210000%07d", i), Profile: config.SandboxProfile, Step: "100"}
		if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) ([]Row, error) {
		e.Reset()
		cmd := NewCmdSessions(e.F, nil)
		cmd.SetArgs(args)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		if err := cmd.Execute(); err != nil {
			return nil, err
		}
		var rows []Row
		if err := json.Unmarshal(e.Out.Bytes(), &rows); err != nil {
			t.Fatalf("%v: %s", err, e.Out.String())
		}
		return rows, nil
	}
	if rows, err := run("--limit", "0"); err != nil || len(rows) != 102 || e.ErrOut.Len() != 0 {
		t.Fatalf("--limit 0: %d rows, %v, stderr %q", len(rows), err, e.ErrOut.String())
	}
	if rows, err := run("--limit", "3"); err != nil || len(rows) != 3 || !strings.Contains(e.ErrOut.String(), "--limit 0 for all") {
		t.Fatalf("--limit 3: %d rows, %v, stderr %q", len(rows), err, e.ErrOut.String())
	}
	if _, err := run("--limit", "-1"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--limit") {
		t.Fatalf("--limit -1: exit %d %v", cmdutil.ExitCode(err), err)
	}
}

// On a 120-column terminal the policy numbers are whole: both numbers and
// their labels on one row took about 190 columns, and the table cut them
// to "biz:P07510…".
func TestNumbersAreWholeAt120Columns(t *testing.T) {
	t.Setenv("COLUMNS", "120")
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	s := &purchase.Session{ID: "20261201234946718747", Profile: config.SandboxProfile, Step: "130", Plate: "冀A00021", PackageType: "luxury",
		Premiums: map[string]int64{"totalPremium": 542975}, SubOrders: []sunshine.SubOrder{
			{Type: "biz", ProposalNo: "T075105092026332042", PolicyNo: "P075105092026332042"},
			{Type: "force", ProposalNo: "T075105072026332042", PolicyNo: "P075105072026332042"}}}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	cmd := NewCmdSessions(e.F, nil)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"biz policy    P075105092026332042", "force policy  P075105072026332042", "20261201234946718747"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q not in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "…") {
		t.Errorf("something was cut at 120 columns:\n%s", out)
	}
}

// A session's message (the answer to 130 lost, a policy number missing)
// is what to act on; the table, the default on a terminal, had no place
// for it. It follows the table.
func TestTableShowsTheSessionsMessage(t *testing.T) {
	t.Setenv("COLUMNS", "120")
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	s := &purchase.Session{ID: "20261201234946718747", Profile: config.SandboxProfile, Step: "125", Plate: "冀A00021",
		Message: "the answer to 130 was lost: the next issue of session 20261201234946718747 sends the same request again"}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	cmd := NewCmdSessions(e.F, nil)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if want := "20261201234946718747: the answer to 130 was lost"; !strings.Contains(e.Out.String(), want) {
		t.Errorf("%q not in:\n%s", want, e.Out.String())
	}
}

// At 100 and at 80 columns the plate and the premium are whole: at 100
// the plate was "冀A00…" and the premium "5429.…" while the time kept its
// 26 columns. The time gives way (the date, then nothing) and the step's
// name is cut instead.
func TestPlateAndPremiumAreWholeAt100And80Columns(t *testing.T) {
	for _, width := range []int{100, 80} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Setenv("COLUMNS", fmt.Sprint(width))
			e := cmdtest.New(t, cmdtest.Options{TTY: true})
			s := &purchase.Session{ID: "20261201234946718747", Profile: config.SandboxProfile, Step: "125", Plate: "冀A00021",
				Premiums: map[string]int64{"totalPremium": 542975}, SubOrders: []sunshine.SubOrder{
					{Type: "biz", ProposalNo: "T075105092026332042"}, {Type: "force", ProposalNo: "T075105072026332042"}}}
			if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			cmd := NewCmdSessions(e.F, nil)
			cmd.SetArgs(nil)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(e.Out.String(), "\n"), "\n")
			if len(lines) != 3 {
				t.Fatalf("%d lines, want a header and 2 rows:\n%s", len(lines), e.Out.String())
			}
			for _, l := range lines[1:] {
				for _, want := range []string{"20261201234946718747", "冀A00021", "5429.75"} {
					if !strings.Contains(l, want) {
						t.Errorf("%q not whole in %q", want, l)
					}
				}
				if w := runewidth.StringWidth(l); w > width {
					t.Errorf("line is %d wide: %q", w, l)
				}
			}
		})
	}
}
