package get

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func TestBatchGetFromStdin(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	buyOrder(t, e, "LSVAU2180N2183294", "GET-1")
	buyOrder(t, e, "LSVAU2180N2183295", "GET-2")
	e.In.WriteString("order_id\nGET-1\nNOPE\nGET-2\n")
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--input-format", "csv"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	type line struct {
		Input   map[string]string
		Outcome string
		Code    string
		Result  map[string]any
	}
	var got []string
	for _, l := range cmdtest.JSONLines[line](t, e.Out.String()) {
		got = append(got, l.Input["order_id"]+" "+l.Outcome+" "+l.Code+" "+strings.TrimSpace(func() string { s, _ := l.Result["orderId"].(string); return s }()))
	}
	if want := "GET-1 ok  GET-1|NOPE refused 30080 |GET-2 ok  GET-2"; strings.Join(got, "|") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

// Order ids piped in without a header row: the first is read as the CSV
// header. The lines after it say so in their hint; a single id (a header
// and no rows) sends nothing, exit 0, and the summary names what it read.
func TestBatchGetOfBareIdsSaysTheFirstLineIsTheHeader(t *testing.T) {
	run := func(in string) (*cmdtest.Env, error) {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(in)
		cmd := NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs([]string{"--batch", "-"})
		return e, cmd.Execute()
	}
	e, err := run("GET-1\nGET-2\n")
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("exit %d (%v), %d requests", cmdutil.ExitCode(err), err, len(e.Received()))
	}
	type line struct{ Message, Hint string }
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 1 || !strings.Contains(got[0].Message, `unknown field "GET-1"`) ||
		!strings.Contains(got[0].Hint, "header row") || !strings.Contains(got[0].Hint, `"order_id"`) {
		t.Errorf("lines %+v", got)
	}

	e, err = run("GET-1\n")
	if err != nil || e.Out.Len() != 0 || len(e.Received()) != 0 {
		t.Fatalf("%v, stdout %q, %d requests", err, e.Out, len(e.Received()))
	}
	if s := e.ErrOut.String(); !strings.Contains(s, `only a CSV header row naming "GET-1"`) {
		t.Errorf("summary %q", s)
	}
}

// A header refused as a whole (a field named twice) stops the batch before
// any line is read. The summary said "the input holds no request" although
// it held one: it says nothing was sent, and the error says why.
func TestBatchGetRefusedHeaderIsNotAnEmptyInput(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("order_id,order_id\nGET-1,GET-2\n")
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || e.Out.Len() != 0 {
		t.Fatalf("exit %d (%v), %d requests, stdout %q", cmdutil.ExitCode(err), err, len(e.Received()), e.Out)
	}
	if !strings.Contains(err.Error(), `names "order_id" twice`) {
		t.Errorf("error %v", err)
	}
	if s := e.ErrOut.String(); strings.Contains(s, "holds no request") || !strings.Contains(s, "nothing was sent") {
		t.Errorf("summary %q", s)
	}
}
