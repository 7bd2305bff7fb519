package quote_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/spf13/cobra"
)

func exec(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// The next step printed after a quote whose file was changed with --set
// runs as printed: it carries the same changes, since eBao issues a
// quotation only for the request it priced.
func TestNextStepAfterSetIssuesAsPrinted(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	example := filepath.Join("..", "..", "..", "examples", "ebao", "quote.json")
	if err := exec(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "-f", example,
		"--set", "effectiveDate=2030-01-17", "--set", "insuredObjects[0].plan_code=Plan_2"); err != nil {
		t.Fatal(err)
	}
	_, hint, ok := strings.Cut(e.ErrOut.String(), "To buy it: ")
	if !ok {
		t.Fatalf("no next step: %q", e.ErrOut.String())
	}
	words := strings.Fields(strings.TrimSpace(hint))
	const prefix = "insure -p sandbox issue"
	if !strings.HasPrefix(strings.Join(words, " "), prefix) {
		t.Fatalf("next step: %q", hint)
	}
	args := words[len(strings.Fields(prefix)):]
	for i, a := range args { // the hint quotes for a shell; these words need none but [0]
		args[i] = strings.Trim(a, "'")
	}
	e.Reset()
	e.F.IOStreams.SetStdoutTTY(false)
	e.F.Globals.Yes = true
	if err := exec(e, issue.NewCmdIssue(e.F, nil), args...); err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	var r struct{ PolicyNumber string }
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || !strings.HasPrefix(r.PolicyNumber, "P") {
		t.Fatalf("stdout %q", e.Out.String())
	}
}
