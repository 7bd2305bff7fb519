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
