//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SIGTERM while an eBao issuance is in flight: the command exits 143 and
// its journal row, exit class 5 like any lost answer, names the signal.
// history show, history list and find say "interrupted (SIGTERM)" and
// exit 143 to a person; JSON carries "interrupted": "SIGTERM" beside the
// class. Before, all three said exit 5 (find guessed from the error text).
func TestInterruptedRequestIsNamedByHistoryAndFind(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "quote", "--provider", "ebao", "-f", "../../examples/ebao/quote.json", "--jq", ".quotationNumber")
	q := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.HasPrefix(q, "Q") {
		t.Fatalf("quote: %d %q %s", r.code, r.stdout, r.stderr)
	}
	cmd := exec.Command(bin, "-p", "sandbox", "-v", "issue", "--provider", "ebao", "-f", "../../examples/ebao/quote.json", "--quote", q, "--yes")
	cmd.Env = append(append([]string{}, u.env...), "INSURE_SANDBOX_FAULTS=ebao:/pa_web/api/policies/issuances=delay:30s")
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(stderr.String(), "> POST") {
		select {
		case err := <-exited:
			t.Fatalf("issue ended before it was signalled: %v\n%s", err, stderr.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatalf("the issuance was never sent:\n%s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	// The -v line comes just before net/http takes the request; the
	// sandbox holds it 30s, so a short wait makes it surely in flight.
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("still running after SIGTERM:\n%s", stderr.String())
	}
	if got := cmd.ProcessState.ExitCode(); got != 143 {
		t.Fatalf("exit %d, want 143\n%s", got, stderr.String())
	}

	r = u.run("", nil, "-p", "sandbox", "history", "list", "--key", q, "--op", "issuance", "-o", "json")
	var rows []struct {
		ID          int64  `json:"id"`
		Outcome     string `json:"outcome"`
		ExitClass   int    `json:"exit_class"`
		Interrupted string `json:"interrupted"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("history list: %v %q %s", err, r.stdout, r.stderr)
	}
	row := rows[0]
	if row.Interrupted != "SIGTERM" || row.ExitClass != 5 || row.Outcome != "unknown" {
		t.Errorf("journal row %+v, want unknown, exit class 5, interrupted SIGTERM", row)
	}
	r = u.run("", nil, "-p", "sandbox", "history", "list", "--key", q, "--op", "issuance", "-o", "table")
	if !strings.Contains(r.stdout, "unknown 143, interrupted (SIGTERM)") {
		t.Errorf("history list table:\n%s%s", r.stdout, r.stderr)
	}

	id := fmt.Sprint(row.ID)
	r = u.run("", nil, "-p", "sandbox", "history", "show", id, "-o", "table")
	if !strings.Contains(r.stdout, "unknown, interrupted (SIGTERM), exit 143") || strings.Contains(r.stdout, "exit 5") {
		t.Errorf("history show:\n%s%s", r.stdout, r.stderr)
	}
	r = u.run("", nil, "-p", "sandbox", "history", "show", id, "-o", "json")
	var shown struct {
		ExitClass   int    `json:"exit_class"`
		Interrupted string `json:"interrupted"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || shown.Interrupted != "SIGTERM" || shown.ExitClass != 5 {
		t.Errorf("history show JSON %+v %v\n%s", shown, err, r.stdout)
	}

	r = u.run("", nil, "-p", "sandbox", "find", q, "-o", "table")
	if !strings.Contains(r.stdout, "unknown, interrupted (SIGTERM), exit 143") || !strings.Contains(r.stdout, "unknown 143, interrupted (SIGTERM)") {
		t.Errorf("find:\n%s%s", r.stdout, r.stderr)
	}
	r = u.run("", nil, "-p", "sandbox", "find", q, "-o", "json")
	var story struct {
		Steps []struct {
			Operation   string `json:"operation"`
			ExitClass   int    `json:"exit_class"`
			Interrupted string `json:"interrupted"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &story); err != nil || len(story.Steps) == 0 {
		t.Fatalf("find JSON: %v %s", err, r.stdout)
	}
	last := story.Steps[len(story.Steps)-1]
	if last.Operation != "issuance" || last.Interrupted != "SIGTERM" || last.ExitClass != 5 {
		t.Errorf("find's last step %+v", last)
	}
}
