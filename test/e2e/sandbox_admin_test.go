package e2e

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
)

func TestSandboxResetLetsAFixedOrderIDBeBoughtAgain(t *testing.T) {
	u := newUser(t)
	var env []string // the in-process sandbox; no server runs
	buy := []string{"-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "RESET-1", "--yes", "--again"}
	if r := u.run("", env, buy...); r.code != 0 {
		t.Fatalf("buy: %d %s", r.code, r.stderr)
	}
	if r := u.run("", env, buy...); r.code != 4 {
		t.Fatalf("second buy of the same order id: exit %d, want 4 (30020): %s", r.code, r.stderr)
	}
	if r := u.run("", env, "sandbox", "reset"); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("reset in a script without --yes: exit %d %s", r.code, r.stderr)
	}
	r := u.run("", env, "sandbox", "status")
	var st struct {
		StateDir string         `json:"stateDir"`
		Files    int            `json:"files"`
		Rows     map[string]int `json:"rows"`
		Servers  []struct {
			Answers bool `json:"answers"`
		} `json:"servers"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Files == 0 || st.StateDir == "" || st.Rows["paoding"] == 0 {
		t.Fatalf("status: %v %q %s", err, r.stdout, r.stderr)
	}
	if r := u.run("", env, "sandbox", "reset", "--yes"); r.code != 0 {
		t.Fatalf("reset: %d %s", r.code, r.stderr)
	}
	if r := u.run("", env, buy...); r.code != 0 {
		t.Fatalf("buy after reset: %d %s", r.code, r.stderr)
	}
}

func TestSandboxServeOnATakenPortSuggestsAFreeOne(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	u := newUser(t)
	r := u.run("", nil, "sandbox", "serve", "--addr", l.Addr().String())
	if r.code != 2 || !strings.Contains(r.stderr, "already in use") || !strings.Contains(r.stderr, "--addr 127.0.0.1:0") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}
