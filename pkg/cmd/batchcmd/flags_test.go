package batchcmd_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A bad --concurrency or --input-format said the rule only; like a bad
// --rate, each names the flag, the rule and a good value (exit 2, nothing
// read or sent).
func TestBadBatchFlagsShowAGoodValue(t *testing.T) {
	for _, c := range []struct {
		args       []string
		msg, value string
	}{
		{[]string{"--concurrency", "0"}, "--concurrency must be between 1 and 64 (got 0)", "--concurrency 4"},
		{[]string{"--concurrency", "-3"}, "--concurrency must be between 1 and 64 (got -3)", "--concurrency 4"},
		{[]string{"--input-format", "CSV"}, `--input-format must be jsonl or csv, in lower case (got "CSV")`, "--input-format csv"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString("order_id\nFLAG-1\n")
		cmd := get.NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(append([]string{"--batch", "-"}, c.args...))
		err := cmd.ExecuteContext(t.Context())
		fe, _ := err.(*failure.Error)
		if cmdutil.ExitCode(err) != 2 || fe == nil || !strings.Contains(fe.Message, c.msg) || !strings.Contains(fe.Hint, c.value) {
			t.Errorf("%v: exit %d, %v (hint %q)", c.args, cmdutil.ExitCode(err), err, flagHint(fe))
		}
		if n := len(e.Received()); n != 0 || e.Out.Len() != 0 {
			t.Errorf("%v: %d requests sent, stdout %q", c.args, n, e.Out)
		}
	}
}

func flagHint(fe *failure.Error) string {
	if fe == nil {
		return ""
	}
	return fe.Hint
}

// --rate takes a bare number, per second, as well as N/s, N/m and N/h:
// --help, a bad value's message and its hint all said only the forms with
// a unit, so a script's author could not tell what --rate 2 meant.
func TestABareRateIsPerSecondAndSaidSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := get.NewCmdGet(e.F, nil)
	cmd.SetOut(e.Out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if help := strings.Join(strings.Fields(e.Out.String()), " "); !strings.Contains(help, "N/s, N/m or N/h, or a bare N per second") {
		t.Errorf("--help does not tell the bare number: %s", e.Out)
	}

	e = cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("order_id\nRATE-1\n")
	cmd = get.NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--rate", "abc"})
	err := cmd.ExecuteContext(t.Context())
	fe, _ := err.(*failure.Error)
	if cmdutil.ExitCode(err) != 2 || fe == nil || !strings.Contains(fe.Message, "a bare N (per second)") || !strings.Contains(fe.Hint, "--rate 20, also per second") {
		t.Errorf("--rate abc: exit %d, %v (hint %q)", cmdutil.ExitCode(err), err, flagHint(fe))
	}
}
