//go:build unix

package e2e

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C while an act is in flight, the provider having acted and its
// answer held back: exit 130, stderr says the outcome is unknown and how
// to settle it, the journal keeps the act as unknown, and the same command
// again settles it without acting twice. (eBao issuance and Sunshine 130
// have their own tests: signals_test.go, sunshine_interrupt_test.go.)
func TestSigintWhileActIsInFlight(t *testing.T) {
	for _, c := range []struct {
		act       hostileAct
		says      []string
		rerun     int
		rerunSays string
	}{
		{hostileActNamed(t, "paoding-buy"), []string{unknownSays, "vin-report get H-1"}, 0, "reusing its order id"},
		{hostileActNamed(t, "ebao-cancel"), []string{unknownSays, "again with `insure -p sandbox cancel --provider ebao "}, 4, "nothing more was cancelled"},
		{hostileActNamed(t, "bihu-renew"), []string{"interrupted (SIGINT, Ctrl-C)"}, 0, `"renewalToken"`},
	} {
		a := c.act
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			p, url := newHostileProxy(t, serveSandbox(t, u), a.isAct)
			env := []string{"INSURE_SANDBOX_URL=" + url}
			args := a.prepare(t, u, env)
			p.set("hold")
			cmd := exec.Command(bin, append([]string{"-p", "sandbox"}, args...)...)
			cmd.Env = append(append([]string{}, u.env...), env...)
			stderr := &syncBuffer{}
			cmd.Stderr = stderr
			interruptWhenHeld(t, p, cmd, stderr)
			p.set("")
			if got := cmd.ProcessState.ExitCode(); got != 130 {
				t.Errorf("exit %d, want 130\n%s", got, stderr.String())
			}
			for _, s := range c.says {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			isAct := a.name != "bihu-renew"
			if isAct && unknownRows(t, u, env, a.operation) == "0" {
				t.Errorf("no %s row is unknown in the journal", a.operation)
			}
			r := u.run("", env, append([]string{"-p", "sandbox"}, args...)...)
			if r.code != c.rerun || !strings.Contains(r.stdout+r.stderr, c.rerunSays) {
				t.Errorf("rerun: exit %d, want %d saying %q\n%s%s", r.code, c.rerun, c.rerunSays, r.stdout, r.stderr)
			}
			if isAct {
				if n := unknownRows(t, u, env, a.operation); n != "0" {
					t.Errorf("%s %s rows still unknown after the rerun", n, a.operation)
				}
			}
		})
	}
}

// interruptWhenHeld starts cmd, sends it SIGINT once p holds the request
// it is waiting for, and waits for it to end.
func interruptWhenHeld(t *testing.T, p *hostileProxy, cmd *exec.Cmd, stderr *syncBuffer) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.spoilt:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the request never arrived:\n%s", stderr.String())
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("still running after SIGINT:\n%s", stderr.String())
	}
}
