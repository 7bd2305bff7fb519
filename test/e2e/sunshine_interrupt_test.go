//go:build unix

package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C while 130 is in flight (the platform issues the policies three
// seconds after it arrives): the session keeps the signed request, and
// the same issue command sends those very bytes and learns the policies.
// The session used to keep nothing (it was saved under the cancelled
// context), the next run built a new 130, and the platform refused it as
// already issued, for good.
func TestSunshineIssueInterruptedIn130IsSettledByTheSameCommand(t *testing.T) {
	u := newUser(t)
	// Quoted, underwritten and payment-checked, stopped before 130.
	prepared := prepareSunshine(t, u, nil)
	session := prepared[len(prepared)-4]

	serve := exec.Command(bin, "sandbox", "serve", "--addr", "127.0.0.1:0", "--faults", "sunshine=act-after:2s")
	serve.Env = u.env
	stdout, _ := serve.StdoutPipe()
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	var info struct {
		URL string `json:"url"`
	}
	if err != nil || json.Unmarshal([]byte(line), &info) != nil || info.URL == "" {
		t.Fatalf("serve printed %q: %v", line, err)
	}
	args := []string{"-p", "sandbox", "issue", "--provider", "sunshine", "--session", session, "--check-pay-no", "B5000M386466139260786", "--yes"}
	issue := exec.Command(bin, args...)
	issue.Env = append(append([]string{}, u.env...), "INSURE_SANDBOX_URL="+info.URL)
	if err := issue.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // 125 answered, 130 held by the platform
	_ = issue.Process.Signal(syscall.SIGINT)
	_ = issue.Wait()
	time.Sleep(2 * time.Second) // the platform acts
	_ = serve.Process.Signal(os.Interrupt)
	_ = serve.Wait()

	r := u.run("", nil, args...)
	if r.code != 0 || !strings.Contains(r.stdout, `"policyNos"`) {
		t.Fatalf("the same issue command: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
