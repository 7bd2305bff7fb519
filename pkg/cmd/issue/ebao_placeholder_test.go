package issue

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A body whose quotationNumber is an empty placeholder names no quotation:
// --quote fills it in where it stands (no other byte changes) and the
// policy is issued, instead of the command refusing a conflict with "".
func TestQuoteFillsAnEmptyPlaceholder(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := quoteNumber(t, e)
	quoteBody, err := os.ReadFile(quoteFile)
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Replace(quoteBody, []byte(`  "campaigns"`), []byte(`  "quotationNumber": "",`+"\n"+`  "campaigns"`), 1)
	file := filepath.Join(t.TempDir(), "issue.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}

	e.F.Globals.DryRun = true
	if err := run(e, "--provider", "ebao", "-f", file, "--quote", q); cmdutil.ExitCode(err) != 0 {
		t.Fatalf("dry run: %v", err)
	}
	want := string(bytes.Replace(body, []byte(`"quotationNumber": ""`), []byte(`"quotationNumber": "`+q+`"`), 1))
	var dry struct{ Body string }
	if err := json.Unmarshal(e.Out.Bytes(), &dry); err != nil || dry.Body != want {
		t.Fatalf("dry run body (%v):\n%s\nwant\n%s", err, e.Out.String(), want)
	}
	e.Reset()

	e.F.Globals.DryRun, e.F.Globals.Yes = false, true
	if err := run(e, "--provider", "ebao", "-f", file, "--quote", q); err != nil {
		t.Fatalf("issue: %v", err)
	}
	var r map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || !strings.HasPrefix(r["policyNumber"].(string), "P") {
		t.Fatalf("stdout %q", e.Out.String())
	}
}
