package list

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// "status" meant two things: the table's column and --status are the
// outcome (ok, failed, unknown), JSON's status is the HTTP code, so
// --jq 'select(.status=="failed")' matched nothing and said nothing. The
// column is called outcome, as in find and history export, and the help
// names the JSON field with a --jq example that works.
func TestListCallsTheOutcomeOutcome(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var failed int64
	for _, status := range []int{200, 406, 200} {
		en := httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "bihu", Operation: "renewal", Method: "POST", URL: "http://x", Status: status}
		if status != 200 {
			en.Verdict = &httpx.Verdict{ExitClass: 3, Code: "406", Message: "signature rejected"}
		}
		id, err := e.Store.RecordEntry(context.Background(), en)
		if err != nil {
			t.Fatal(err)
		}
		if status != 200 {
			failed = id
		}
	}

	header, _, _ := strings.Cut(listAs(t, e, "table"), "\n")
	if header != "id\ttime\tprofile\tprovider\toperation\toutcome\tms\tkeys" {
		t.Errorf("table header in a pipe %q", header)
	}
	e.F.IOStreams.SetStdoutTTY(true)
	e.F.IOStreams.SetPager("")
	header, _, _ = strings.Cut(list(t, e), "\n")
	e.F.IOStreams.SetStdoutTTY(false)
	if !strings.Contains(header, " OUTCOME ") || strings.Contains(header, "STATUS") {
		t.Errorf("table header on a terminal %q", header)
	}

	cmd := NewCmdList(e.F, nil)
	if usage := cmd.Flags().Lookup("status").Usage; !strings.Contains(usage, "JSON's outcome field") {
		t.Errorf("--status help %q does not name the JSON field", usage)
	}
	const example = `insure history list -L 0 --jq '.[] | select(.outcome == "failed") | .id'`
	if !strings.Contains(cmd.Example, example) || !strings.Contains(cmd.Long, "not .status") {
		t.Errorf("history list --help lacks the --jq example:\n%s\n%s", cmd.Long, cmd.Example)
	}
	// The example does what it says.
	e.F.Globals.JQ = `.[] | select(.outcome == "failed") | .id`
	defer func() { e.F.Globals.JQ = "" }()
	if got := strings.TrimSpace(list(t, e, "-L", "0")); got != fmt.Sprint(failed) {
		t.Errorf("the example selected %q, want the failed row %d", got, failed)
	}
}
