package export

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

func exportErr(t *testing.T, e *cmdtest.Env, args ...string) error {
	t.Helper()
	e.Reset()
	cmd := NewCmdExport(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func dataRows(out string) int {
	return max(0, strings.Count(out, "\n")-1) // less the CSV header
}

// export takes the filters as history list does (docs/support.md: "the
// same filters"): --provider and -p in any case, --key as typed or in
// upper case. They used to be compared as typed, so `--provider EBAO`,
// `-p SANDBOX` or a plate typed in lower case exported a header only.
func TestExportReadsFiltersAsListDoes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	for _, args := range [][]string{
		{"--provider", "EBAO"},
		{"--key", "q1"},
	} {
		if n := dataRows(export(t, e, args...)); n == 0 {
			t.Errorf("%v: no rows", args)
		}
	}
	if !strings.Contains(e.ErrOut.String(), `nothing is keyed "q1"`) {
		t.Errorf("the key used is not named: %q", e.ErrOut)
	}
	e.F.Globals.Profile = "SANDBOX"
	if n := dataRows(export(t, e, "--provider", "ebao")); n != 2 {
		t.Errorf("-p SANDBOX: %d rows, want 2", n)
	}
}

// A provider no provider has, or a profile neither configured nor in the
// journal, is exit 2 with a suggestion, not a header-only export exit 0
// that a support engineer takes for "nothing happened".
func TestExportRefusesAFilterThatCanMatchNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	err := exportErr(t, e, "--provider", "eboa")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean ebao?") {
		t.Errorf("--provider eboa: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	e.F.Globals.Profile = "sanbox"
	err = exportErr(t, e)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean sandbox?") {
		t.Errorf("-p sanbox: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out)
	}
}

// export writes CSV or JSON Lines (--format): a global --jq, --template or
// -o it cannot honour is refused, exit 2, saying what to use instead. They
// were ignored, and a pipeline filtering the export got CSV.
func TestExportRefusesOutputFlagsItCannotHonour(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	for _, set := range []func(){
		func() { e.F.Globals.JQ = ".id" },
		func() { e.F.Globals.Template = "{{.id}}" },
		func() { e.F.Globals.Output = "yaml" },
	} {
		e.F.Globals.JQ, e.F.Globals.Template, e.F.Globals.Output = "", "", ""
		set()
		err := exportErr(t, e, "--all-profiles")
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--format jsonl") {
			t.Errorf("jq %q template %q -o %q: exit %d, %v", e.F.Globals.JQ, e.F.Globals.Template, e.F.Globals.Output, cmdutil.ExitCode(err), err)
		}
		if e.Out.Len() != 0 {
			t.Errorf("stdout %q", e.Out)
		}
	}
}

// --op is read as history list reads it: Sunshine's bare transaction
// code (105) exports the rows recorded as txn.105, where it used to
// export a header only; a name no provider has and the journal does not
// hold is exit 2 with close names. Export is never a terminal table, but
// a terminal changes nothing.
func TestExportOpTakesTheTransactionCode(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		for _, op := range []string{"txn.100", "txn.105"} {
			if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "sunshine",
				Operation: op, Method: "POST", URL: "http://s", Status: 200}); err != nil {
				t.Fatal(err)
			}
		}
		out := export(t, e, "--op", "105", "--format", "jsonl")
		if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"operation":"txn.105"`) {
			t.Errorf("tty %v, --op 105: %q", tty, out)
		}
		err := exportErr(t, e, "--op", "10S")
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "did you mean") || !strings.Contains(fe.Hint, "105") {
			t.Errorf("tty %v, --op 10S: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if e.Out.Len() != 0 {
			t.Errorf("tty %v, --op 10S: stdout %q", tty, e.Out)
		}
	}
}

// A window that ends before it begins (--since 1h --until 2h: durations
// count back from now) matched nothing and exported a header, exit 0; it
// is exit 2 saying which way round. --status is read in any case, as
// --provider is.
func TestExportRefusesABackwardWindowAndReadsStatusInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	err := exportErr(t, e, "--since", "1h", "--until", "2h")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--since 2h --until 1h") {
		t.Errorf("--since 1h --until 2h: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out)
	}
	if n := dataRows(export(t, e, "--status", "OK")); n == 0 {
		t.Error("--status OK: no rows")
	}
}

// --format CSV or JSONL was refused (exit 2) while --provider and
// --status are read in any case; a bad one names an example.
func TestExportReadsFormatInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e)
	if out := export(t, e, "--format", "CSV"); !strings.HasPrefix(out, "id,time,") || dataRows(out) == 0 {
		t.Errorf("--format CSV: %q", out)
	}
	if out := export(t, e, "--format", "JSONL"); !strings.HasPrefix(out, `{"id":`) {
		t.Errorf("--format JSONL: %q", out)
	}
	err := exportErr(t, e, "--format", "xlsx")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `(got "xlsx"), e.g. --format csv`) {
		t.Errorf("--format xlsx: exit %d, %v", cmdutil.ExitCode(err), err)
	}
}
