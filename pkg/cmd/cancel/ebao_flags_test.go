package cancel

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The cancellation body is built from the command line, so a bad value is
// reported against the flag the user typed, with an example that flag
// takes: pasting the examples back in makes the command valid.
func TestBadArgumentsNameTheirFlagWithAnExampleItTakes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	err := run(e, "--provider", "ebao", " ", "--type", "BY_ME", "--date", "2027-02-30", "--channel", " ")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	flags := map[string]string{"policyNumber": "POLICY_NUMBER", "applicationType": "--type", "applicationDate": "--date", "channelCode": "--channel"}
	examples := map[string]string{}
	for _, f := range fe.Fields {
		if !strings.Contains(f.Rule, flags[f.Field]) || f.Example == "" {
			t.Errorf("%s: rule %q, example %q", f.Field, f.Rule, f.Example)
		}
		examples[f.Field] = f.Example
	}
	if len(examples) != 4 {
		t.Fatalf("fields %v", fe.Fields)
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	e.Reset()
	e.F.Globals.DryRun = true
	err = run(e, "--provider", "ebao", examples["policyNumber"], "--type", examples["applicationType"],
		"--date", examples["applicationDate"], "--channel", examples["channelCode"])
	if cmdutil.ExitCode(err) != 0 {
		t.Fatalf("with the examples: %v", err)
	}
}

// In --batch the values come from the line's columns, which is what a bad
// one is reported against.
func TestBadBatchColumnsAreNamedAsColumns(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	lines := tempFile(t, "cancel.csv", "policy_number,type,date\nP2701160000000001,BY_ME,2027-02-30\n")
	err := run(e, "--provider", "ebao", "--batch", lines)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	out := e.Out.String()
	for _, want := range []string{"the line's date (default: --date) must be", "the line's type (default: --type) must be"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in %s", want, out)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}

// A bad --type, --date or --channel would fail every line alike (each is
// every line's default): in --batch it is one usage error against the
// flag, with the rule and an example, before a line is read or sent,
// rather than the same error on every output line.
func TestBadBatchFlagIsOneErrorBeforeAnyLine(t *testing.T) {
	for flag, c := range map[string]struct{ bad, rule string }{
		"--date":    {"BAD", `must be a real date, as YYYY-MM-DD or an ISO 8601 date-time with a zone (got "BAD")`},
		"--type":    {"BY_ME", `must be APLY_BY_INSURER, APLY_BY_POLICY_HOLDER or APLY_BY_UNDERWRITER (got "BY_ME")`},
		"--channel": {" ", "is required (empty)"},
	} {
		t.Run(flag, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			e.F.Globals.Yes = true
			lines := "policy_number\nP2701160000000001\nP2701160000000002\nP2701160000000003\n"
			e.In.WriteString(lines)
			err := run(e, "--provider", "ebao", "--batch", "-", flag, c.bad)
			var fe *failure.Error
			if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(fe.Fields) != 1 {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			f := fe.Fields[0]
			if !strings.HasPrefix(f.Rule, flag+" ") || !strings.HasSuffix(f.Rule, c.rule) || f.Example == "" {
				t.Errorf("%s: rule %q, example %q", f.Field, f.Rule, f.Example)
			}
			if e.Out.Len() != 0 || e.In.String() != lines || len(e.Received()) != 0 || strings.Contains(e.ErrOut.String(), "batch:") {
				t.Fatalf("lines read or sent: stdin left %q, stdout %q, stderr %q, sent %v", e.In, e.Out, e.ErrOut, e.ReceivedPaths())
			}
			// The example is a value the flag takes.
			e.Reset()
			e.F.Globals.DryRun = true
			if err := run(e, "--provider", "ebao", "--batch", "-", flag, f.Example); err != nil {
				t.Fatalf("%s %s: %v\n%s", flag, f.Example, err, e.Out)
			}
			if got := strings.Count(e.Out.String(), `"outcome":"ok"`); got != 3 {
				t.Fatalf("%s %s: %d lines ok\n%s", flag, f.Example, got, e.Out)
			}
		})
	}
}
