package get

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

type inputLine struct {
	Line     int
	Outcome  string
	ExitCode int `json:"exit_code"`
	Message  string
	Hint     string
	Input    map[string]string
}

func runBatch(t *testing.T, in string, args ...string) (*cmdtest.Env, []inputLine, error) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(in)
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"--batch", "-"}, args...))
	err := cmd.Execute()
	return e, cmdtest.JSONLines[inputLine](t, e.Out.String()), err
}

// A stray '}' after a line's object was sent (and answered); it is the
// line's usage error, and nothing is sent.
func TestBatchGetRefusesDataAfterTheObject(t *testing.T) {
	e, lines, err := runBatch(t, "{\"order_id\":\"NOPE1\"}}\n{\"order_id\":\"NOPE2\"}]\n")
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("exit %d (%v), sent %v", cmdutil.ExitCode(err), err, e.ReceivedPaths())
	}
	if len(lines) != 2 || lines[0].Outcome != "usage" || !strings.Contains(lines[0].Message, "has data after the JSON object") {
		t.Fatalf("lines %+v", lines)
	}
}

// An old Mac spreadsheet's CSV ends lines with CR alone: each id is sent,
// where the file was taken for a header row and nothing was sent, exit 0.
func TestBatchGetReadsCROnlyLineEnds(t *testing.T) {
	e, lines, err := runBatch(t, "order_id\rNOPE1\rNOPE2\r")
	if cmdutil.ExitCode(err) != 4 || len(lines) != 2 || lines[0].Input["order_id"] != "NOPE1" || lines[1].Input["order_id"] != "NOPE2" {
		t.Fatalf("exit %d (%v), lines %+v\n%s", cmdutil.ExitCode(err), err, lines, e.ErrOut)
	}
}

// order_id and orderId name one field: a line giving both lost one.
func TestBatchGetRefusesBothNamesOfTheOrderID(t *testing.T) {
	e, lines, err := runBatch(t, "order_id,orderId\nNOPE1,NOPE2\n")
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || len(lines) != 1 ||
		!strings.Contains(lines[0].Message, `"order_id" and "orderId" are two names of one field`) {
		t.Fatalf("exit %d (%v), sent %v, lines %+v", cmdutil.ExitCode(err), err, e.ReceivedPaths(), lines)
	}
}

func TestBatchGetWithoutAnOrderIDShowsAGoodLine(t *testing.T) {
	_, lines, err := runBatch(t, "{\"order_id\":\"\"}\n")
	if cmdutil.ExitCode(err) != 2 || len(lines) != 1 || !strings.Contains(lines[0].Message, "order_id is required") ||
		!strings.Contains(lines[0].Hint, `e.g. {"order_id":"INSB0001"}`) {
		t.Fatalf("exit %d, lines %+v", cmdutil.ExitCode(err), lines)
	}
}
