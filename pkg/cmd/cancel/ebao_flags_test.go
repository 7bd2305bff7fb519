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
