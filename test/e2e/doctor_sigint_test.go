//go:build unix

package e2e

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// Ctrl-C while doctor waits on an endpoint: exit 130, the checks the
// signal cut off or kept from running are "skip ... interrupted", not
// failures blamed on the endpoint, and stderr says doctor was
// interrupted (it said nothing).
func TestDoctorInterruptedSaysSoAndBlamesNoEndpoint(t *testing.T) {
	u := newUser(t)
	p, url := newHostileProxy(t, serveSandbox(t, u), func(path string, _ []byte) bool { return strings.HasSuffix(path, "/4s/token/generate") })
	p.set("hold")
	cmd := exec.Command(bin, "-p", "sandbox", "doctor", "-o", "json")
	cmd.Env = append(append([]string{}, u.env...), "INSURE_SANDBOX_URL="+url)
	stderr, stdout := &syncBuffer{}, &bytes.Buffer{}
	cmd.Stderr, cmd.Stdout = stderr, stdout
	interruptWhenHeld(t, p, cmd, stderr)
	if got := cmd.ProcessState.ExitCode(); got != 130 {
		t.Errorf("exit %d, want 130\n%s", got, stderr.String())
	}
	if !strings.Contains(stderr.String(), "doctor was interrupted") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	var rep struct {
		OK     bool
		Checks []struct{ Name, Provider, Status, Detail string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("stdout is not the report: %v\n%s", err, stdout.String())
	}
	if rep.OK {
		t.Error("an interrupted report says ok")
	}
	skipped := 0
	for _, c := range rep.Checks {
		if c.Status == "fail" {
			t.Errorf("a check failed after the interruption: %+v", c)
		}
		if c.Status == "skip" && strings.Contains(c.Detail, "interrupted") {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("no check is marked interrupted: %+v", rep.Checks)
	}
}
