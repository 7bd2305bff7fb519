package quote

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A store that stops taking a batch's records (a disk that fills up half
// way) is said in the summary and the exit code: the batch said "ok" for
// every line and exited 0 while its journal rows and --resume results were
// gone, so a later --resume would have quoted every line again. The lines
// themselves still say what happened to them.
func TestBatchWhoseRecordsCouldNotBeWrittenSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, raw); err != nil {
		t.Fatal(err)
	}
	lines := filepath.Join(t.TempDir(), "lines.jsonl")
	if err := os.WriteFile(lines, []byte(line.String()+"\n"+line.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another connection to the same file makes every journal row fail,
	// as SQLite does when the disk is full.
	db, err := sql.Open("sqlite", "file:"+e.Store.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER full_disk BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	err = run(e, "--provider", "ebao", "--batch", lines)
	if cmdutil.ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	type result struct {
		Outcome string `json:"outcome"`
	}
	got := cmdtest.JSONLines[result](t, e.Out.String())
	if len(got) != 2 || got[0].Outcome != "ok" || got[1].Outcome != "ok" {
		t.Fatalf("the lines do not say what happened:\n%s", e.Out)
	}
	stderr := e.ErrOut.String()
	for _, want := range []string{"exit 1", "of this run's records could not be written", "--resume would send those lines again"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
