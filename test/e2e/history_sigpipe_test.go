//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A read-only listing whose reader exits after its first line
// (| head -1) ends quietly with exit 0. history list died of SIGPIPE,
// exit 141, every time, while find exited 0 only because its story fitted
// in the pipe in one write: a story longer than the pipe holds died too.
// 700 quotes of one car make each listing several times 64 KiB, so the
// reader is always gone before the end.
func TestReadOnlyListingWhoseReaderExitsExits0(t *testing.T) {
	u := newUser(t)
	quote, err := os.ReadFile("../../examples/ebao/quote.json")
	if err != nil {
		t.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, quote); err != nil {
		t.Fatal(err)
	}
	line.WriteByte('\n')
	batch := filepath.Join(t.TempDir(), "quotes.jsonl")
	if err := os.WriteFile(batch, bytes.Repeat(line.Bytes(), 700), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := u.run("", nil, "-p", "sandbox", "quote", "--provider", "ebao", "--batch", batch); r.code != 0 {
		t.Fatalf("the quotes: exit %d\n%s", r.code, r.stderr)
	}

	for _, args := range [][]string{
		{"history", "list", "-L", "0"},
		{"history", "list", "-L", "0", "-o", "table"},
		{"history", "list", "-L", "0", "-o", "yaml"},
		{"history", "list", "-L", "0", "--jq", ".[]"},
		{"history", "export"},
		{"history", "export", "--format", "jsonl"},
		{"find", "沪A6U615", "-o", "table"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd, stdout, stderr := u.startPiped(append([]string{"-p", "sandbox"}, args...)...)
			first, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil || first == "" {
				t.Fatalf("first line %q: %v", first, err)
			}
			stdout.Close() // the reader exits, as head -1 does
			_ = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("exit %d (%v), want 0\n%s", code, cmd.ProcessState, stderr)
			}
			if stderr.String() != "" {
				t.Errorf("stderr, want nothing: %s", stderr)
			}
		})
	}
}
