package export_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

// -o json asks for JSON: it wrote CSV without a word. The export's JSON
// is JSON Lines; -o json with --format csv is a contradiction (exit 2).
func TestExportOutputJSONWritesJSONLines(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
		Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200, Keys: map[string]string{"quotationNumber": "Q1"}}); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		e.Reset()
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs(append([]string{"-p", "sandbox", "history", "export"}, args...))
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		return e.Out.String(), err
	}
	out, err := run("-o", "json")
	if err != nil || !strings.HasPrefix(out, `{"id":`) || !strings.Contains(out, `"quotationNumber":"Q1"`) {
		t.Fatalf("-o json: %v\n%s", err, out)
	}
	if _, err := run("-o", "json", "--format", "csv"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "disagree") {
		t.Fatalf("-o json --format csv: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	if out, err := run(); err != nil || !strings.HasPrefix(out, "id,time,") {
		t.Fatalf("default: %v\n%s", err, out)
	}
}
