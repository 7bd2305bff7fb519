package quote

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// A --batch line is checked exactly as the same body given with -f: a bad
// line gets the -f error's message and sends nothing, a good line is
// quoted, journalled under its identifiers and recorded with its request.
func TestBatchLineIsCheckedAsTheFileWouldBe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	good := compact.String()
	badID := strings.Replace(good, `"PH006":"132456199001011234"`, `"PH006":"132456199013011234"`, 1)
	badType := strings.Replace(good, `"productId":"UbwoOpjMjt:1"`, `"productId":7`, 1)
	if badID == good || badType == good {
		t.Fatal("the example changed: fix the test's replacements")
	}
	dir := t.TempDir()
	lines := filepath.Join(dir, "lines.jsonl")
	if err := os.WriteFile(lines, []byte(good+"\n"+badID+"\n"+badType+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(e, "--provider", "ebao", "--batch", lines)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	type line struct {
		Line     int               `json:"line"`
		Outcome  string            `json:"outcome"`
		ExitCode int               `json:"exit_code"`
		Message  string            `json:"message"`
		Result   map[string]any    `json:"result"`
		Input    map[string]string `json:"input"`
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 3 || got[0].Outcome != "ok" {
		t.Fatalf("lines:\n%s", e.Out)
	}
	// Each line names its vehicle, good or bad, and no person.
	for _, l := range got {
		if l.Input["plate"] != "沪A6U615" || len(l.Input) != 2 {
			t.Errorf("line %d echoes %v, want the plate and the product", l.Line, l.Input)
		}
	}
	if n := len(e.Received()); n != 1 {
		t.Fatalf("the sandbox received %d requests, want 1 (the good line)", n)
	}
	for i, body := range []string{badID, badType} {
		l := got[i+1]
		f := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		ferr := run(cmdtest.New(t, cmdtest.Options{}), "--provider", "ebao", "-f", f)
		fields := strings.Split(ferr.Error(), "\n")[1:] // one line per bad field
		if l.ExitCode != 2 || len(fields) == 0 {
			t.Fatalf("line %d: exit %d; -f says %q", l.Line, l.ExitCode, ferr.Error())
		}
		for _, field := range fields {
			if !strings.Contains(l.Message, strings.TrimSpace(field)) {
				t.Errorf("line %d says %q, without -f's %q", l.Line, l.Message, strings.TrimSpace(field))
			}
		}
	}
	q, _ := got[0].Result["quotationNumber"].(string)
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "ebao", "quotation", q)
	if err != nil || !strings.Contains(string(rec.Body), `"PH006":"132456199001011234"`) {
		t.Fatalf("quotation %q not recorded with its request: %v", q, err)
	}
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Key: "132456199001011234"})
	if err != nil || len(rows) != 1 || rows[0].Keys["quotationNumber"] != q {
		t.Fatalf("journal by the holder's ID number: %+v, %v", rows, err)
	}
}

// An empty input sends nothing, prints nothing on stdout and says so in
// the summary; exit 0. One of blank lines sends nothing either, but each
// line gets its output line.
func TestBatchOfNothingSaysSo(t *testing.T) {
	for _, tc := range []struct{ in, lines, summary string }{
		{"", "", "batch: 0 lines in"},
		{"\n\n", `{"line":1,"outcome":"blank","exit_code":0,"message":"a blank line: nothing to send"}` + "\n" +
			`{"line":2,"outcome":"blank","exit_code":0,"message":"a blank line: nothing to send"}` + "\n", "batch: 2 lines in"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(tc.in)
		if err := run(e, "--provider", "ebao", "--batch", "-"); err != nil {
			t.Fatal(err)
		}
		if e.Out.String() != tc.lines || len(e.Received()) != 0 {
			t.Errorf("%q: stdout %q, %d requests", tc.in, e.Out, len(e.Received()))
		}
		if got := e.ErrOut.String(); !strings.Contains(got, tc.summary) || !strings.Contains(got, ": the input holds no request") ||
			!strings.HasSuffix(got, "; exit 0\n") || strings.Contains(got, "reading requests from the terminal") {
			t.Errorf("%q: summary %q", tc.in, got)
		}
	}
}

// --batch prints JSON Lines only: --jq, --template and an -o other than
// json are refused before anything is sent, rather than ignored.
func TestBatchRefusesOtherOutputFormats(t *testing.T) {
	for _, set := range []func(g *cmdutil.GlobalOptions){
		func(g *cmdutil.GlobalOptions) { g.Output = "table" },
		func(g *cmdutil.GlobalOptions) { g.Output = "yaml" },
		func(g *cmdutil.GlobalOptions) { g.JQ = ".line" },
		func(g *cmdutil.GlobalOptions) { g.Template = "{{.line}}" },
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		set(e.F.Globals)
		e.In.WriteString("{}\n")
		err := run(e, "--provider", "ebao", "--batch", "-")
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Errorf("%+v: exit %d (%v), %d requests, stdout %q", *e.F.Globals, cmdutil.ExitCode(err), err, len(e.Received()), e.Out)
		}
	}
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "json"
	e.In.WriteString("{}\n")
	if err := run(e, "--provider", "ebao", "--batch", "-"); cmdutil.ExitCode(err) != 2 || !strings.Contains(e.Out.String(), `"outcome":"usage"`) {
		t.Errorf("-o json: the batch runs (its one bad line is exit 2): %v %q", err, e.Out)
	}
}

// A directory named by --batch is a usage error before anything starts,
// not an I/O failure after the batch began.
func TestBatchOfADirectoryIsAUsageError(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "--batch", t.TempDir())
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "is a directory") || len(e.Received()) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if strings.Contains(e.ErrOut.String(), "batch:") {
		t.Errorf("a batch summary for a batch that never started: %q", e.ErrOut)
	}
}

// What a single quote warns of on stderr (a check character GB 11643
// would not give) is in the line's output, and the line is quoted.
func TestBatchLineCarriesItsWarnings(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	odd := strings.Replace(compact.String(), `"PH006":"132456199001011234"`, `"PH006":"132456199001011235"`, 1)
	lines := filepath.Join(t.TempDir(), "lines.jsonl")
	if err := os.WriteFile(lines, []byte(compact.String()+"\n"+odd+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--provider", "ebao", "--batch", lines); err != nil {
		t.Fatal(err)
	}
	type line struct {
		Outcome  string   `json:"outcome"`
		Warnings []string `json:"warnings"`
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 2 || got[0].Outcome != "ok" || got[1].Outcome != "ok" || len(got[0].Warnings) != 0 ||
		len(got[1].Warnings) != 1 || !strings.Contains(got[1].Warnings[0], "policyHolder.PH006: the check character") {
		t.Fatalf("lines:\n%s", e.Out)
	}
	if strings.Contains(e.Out.String(), "132456199001011235") {
		t.Errorf("the resident ID is repeated:\n%s", e.Out)
	}
}

// -f with --batch is usually a wish to quote many plates from one request
// file: the refusal says what clashes (not "use --provider ebao", which
// was given) and shows the jq line that makes the batch.
func TestBatchWithARequestFileSaysHowToMakeTheLines(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("京A12345\n")
	err := run(e, "--provider", "ebao", "--batch", "-", "-f", example)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(e.Received()) != 0 {
		t.Fatalf("exit %d (%v), %d requests", cmdutil.ExitCode(err), err, len(e.Received()))
	}
	if strings.Contains(fe.Message, "--provider ebao") || !strings.Contains(fe.Message, "-f cannot be given with --batch") ||
		!strings.Contains(fe.Hint, "jq -R -c --slurpfile q") || !strings.Contains(fe.Hint, ".insuredObjects[0].factor_table.P041 = $p") {
		t.Errorf("message %q, hint %q", fe.Message, fe.Hint)
	}
}
