package api

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// When the quota answer comes for lines that were all in flight, no line
// is left unattempted; the summary said "0 line(s) not attempted (first:
// line 0)", naming a line that does not exist.
func TestQuotaAnswerWithEveryLineSentNamesNoLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/get=delay:300ms,paoding:/4s/report/get=code:10040"})
	e.In.WriteString(`{"orderId":"Q-1"}` + "\n" + `{"orderId":"Q-2"}` + "\n" + `{"orderId":"Q-3"}` + "\n")
	err := run(e, "paoding", "report.get", "--batch", "-", "--concurrency", "4")
	if cmdutil.ExitCode(err) != 7 {
		t.Fatalf("exit %d: %v\n%s%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	outcomes := map[string]int{}
	for _, l := range cmdtest.JSONLines[struct{ Outcome string }](t, e.Out.String()) {
		outcomes[l.Outcome]++
	}
	if outcomes["not_attempted"] != 0 {
		t.Skipf("a line was not in flight when the quota answer came (%v): nothing to check", outcomes)
	}
	stderr := e.ErrOut.String()
	if strings.Contains(stderr, "line 0") || !strings.Contains(stderr, "every line had already been sent") {
		t.Errorf("summary:\n%s", stderr)
	}
}
