package renew

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	signbihu "github.com/insurekit/insure/pkg/cmd/sign/bihu"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/bihu"
)

var (
	secCodeLine   = regexp.MustCompile(`SecCode is ([0-9A-F]{32}),`)
	reproduceLine = regexp.MustCompile(`(?m)^  insure -p sandbox sign bihu renew (.*)$`)
)

// signAgain runs the reproduce command printed by a dry run and returns the
// SecCode it computes.
func signAgain(t *testing.T, e *env, stderr string) string {
	t.Helper()
	m := reproduceLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no reproduce line:\n%s", stderr)
	}
	// These values need no shell quoting (TestShellQuote covers quoting).
	if strings.ContainsAny(m[1], `'"\`) {
		t.Fatalf("unexpected quoting in %q", m[1])
	}
	args := strings.Fields(m[1])
	e.reset()
	format, show := e.F.Globals.Output, e.F.Globals.ShowSecrets
	// --show-secrets: the user runs the line in a new process, which has
	// not met the dry run's SecCode; this one has, and would mask it on
	// stdout as a secret it sent.
	e.F.Globals.Output, e.F.Globals.ShowSecrets = "json", true
	defer func() { e.F.Globals.Output, e.F.Globals.ShowSecrets = format, show }()
	cmd := signbihu.NewCmdRenew(e.F, nil)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("sign %v: %v", args, err)
	}
	var res signbihu.Result
	if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil {
		t.Fatalf("sign output %q", e.Out.String())
	}
	return res.SecCode
}

func TestDryRunShowsSecCodeThatSignReproduces(t *testing.T) {
	e := newEnv(t, false)
	e.F.Globals.DryRun = true
	err := e.run("--plate", "京J97896")
	if !errors.Is(err, httpx.ErrDryRun) {
		t.Fatalf("err %v", err)
	}
	if p := e.paths(); len(p) != 0 {
		t.Fatalf("a dry run sent %v", p)
	}
	out, stderr := e.Out.String(), e.ErrOut.String()
	// Nothing is cached, so the login is shown first, then the renewal
	// signed over the stand-in token; the transport masks both SecCodes.
	// In a pipe each is one JSON object (httpx.DryRunRequest).
	dry := cmdtest.JSONLines[httpx.DryRunRequest](t, out)
	if len(dry) != 2 || !strings.HasSuffix(dry[0].URL, "/unite/login") || !strings.HasSuffix(dry[1].URL, "/unite/unitecheckrenewal") ||
		!strings.Contains(dry[1].Body, `"SecCode":"****"`) || strings.Contains(stderr, "POST ") {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", out, stderr)
	}
	m := secCodeLine.FindStringSubmatch(stderr)
	if m == nil || !strings.Contains(stderr, "Token="+bihu.DryRunToken) || !strings.Contains(stderr, "secretKey=****") {
		t.Fatalf("stderr:\n%s", stderr)
	}
	noSecret(t, e)
	if got := signAgain(t, e, stderr); got != m[1] {
		t.Fatalf("sign computed %s, the dry run showed %s", got, m[1])
	}
}

func TestDryRunWithCachedTokenMasksItUnlessShowSecrets(t *testing.T) {
	e := newEnv(t, true)
	if err := e.run("--plate", "京J97896"); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
	e.reset()
	e.F.Globals.DryRun = true
	if err := e.run("--vin", "LSVAU2180N2183294", "--engine", "2192209", "--city", "1"); !errors.Is(err, httpx.ErrDryRun) {
		t.Fatal(err)
	}
	stderr := e.ErrOut.String()
	if strings.Contains(e.Out.String(), "unite/login") || strings.Contains(e.Out.String()+stderr, tok.Value) ||
		!strings.Contains(stderr, "&Token=****") || !strings.Contains(stderr, "Token is left out") {
		t.Fatalf("a cached token should be used and masked:\nstdout %s\nstderr %s", e.Out.String(), stderr)
	}
	// The reproduce line leaves Token out (no live token typed where ps
	// shows it), and pasted it signs the cached token: the same SecCode.
	if m := secCodeLine.FindStringSubmatch(stderr); m == nil || strings.Contains(stderr, " Token=") {
		t.Fatalf("stderr:\n%s", stderr)
	} else if got := signAgain(t, e, stderr); got != m[1] {
		t.Fatalf("sign computed %s, the dry run showed %s", got, m[1])
	}

	e.reset()
	e.F.Globals.ShowSecrets = true
	if err := e.run("--vin", "LSVAU2180N2183294", "--engine", "2192209", "--city", "1"); !errors.Is(err, httpx.ErrDryRun) {
		t.Fatal(err)
	}
	stderr = e.ErrOut.String()
	m := secCodeLine.FindStringSubmatch(stderr)
	if m == nil || !strings.Contains(stderr, "Token="+tok.Value) {
		t.Fatalf("stderr:\n%s", stderr)
	}
	if got := signAgain(t, e, stderr); got != m[1] {
		t.Fatalf("sign computed %s, the dry run showed %s", got, m[1])
	}
}

func TestDryRunRefusesBadInputFirst(t *testing.T) {
	e := newEnv(t, false)
	e.F.Globals.DryRun = true
	if err := e.run("--plate", "京AD12345"); errors.Is(err, httpx.ErrDryRun) || !strings.Contains(err.Error(), "plate:") {
		t.Fatalf("err %v", err)
	}
	if strings.Contains(e.Out.String(), "POST") {
		t.Fatalf("a request was rendered: %s", e.Out.String())
	}
}
