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
