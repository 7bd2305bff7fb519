// Package e2e runs the insure binary as a user would: separate processes
// sharing a state directory, in a pipe and (where `script` exists) on a
// pseudo-terminal, against the built-in sandbox.
package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "insure-e2e")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "insure")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, "github.com/insurekit/insure/cmd/insure")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building insure: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// user is one person's machine: a config dir and a state dir.
type user struct {
	t   *testing.T
	env []string
}

func newUser(t *testing.T) *user {
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
	}
	return &user{t: t, env: env}
}

// stateDir is insure's state directory for u (XDG_STATE_HOME/insure).
func (u *user) stateDir() string {
	for _, e := range u.env {
		if v, ok := strings.CutPrefix(e, "XDG_STATE_HOME="); ok {
			return filepath.Join(v, "insure")
		}
	}
	u.t.Fatal("no XDG_STATE_HOME in the user's environment")
	return ""
}

type result struct {
	stdout, stderr string
	code           int
}

func (u *user) run(stdin string, extraEnv []string, args ...string) result {
	u.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, u.env...), extraEnv...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		u.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func TestReadmeJobAcrossProcesses(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "DEMO-1", "--yes")
	if r.code != 0 {
		t.Fatalf("buy: %d %s %s", r.code, r.stdout, r.stderr)
	}
	var buy map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &buy); err != nil || buy["orderId"] != "DEMO-1" {
		t.Fatalf("buy output %q", r.stdout)
	}
	// A second process with its own in-process sandbox sees the order.
	deadline := time.Now().Add(15 * time.Second)
	for {
		r = u.run("", nil, "-p", "sandbox", "vin-report", "get", "DEMO-1", "--jq", ".status")
		if r.code != 0 {
			t.Fatalf("get: %d %s", r.code, r.stderr)
		}
		if strings.TrimSpace(r.stdout) == "2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("report never ready: %q", r.stdout)
		}
		time.Sleep(500 * time.Millisecond)
	}
	r = u.run("", nil, "-p", "sandbox", "history", "list", "--key", "DEMO-1", "--jq", ".[].operation")
	if !strings.Contains(r.stdout, "report.buy") || !strings.Contains(r.stdout, "report.get") {
		t.Fatalf("journal: %q", r.stdout)
	}
}

func TestVerboseNeverShowsPasswordOrToken(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "-v", "token", "get")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	r2 := u.run("", nil, "-p", "sandbox", "-v", "vin-report", "brands")
	r3 := u.run("", nil, "-p", "sandbox", "token", "show", "--show-secrets", "--jq", ".token")
	token := strings.TrimSpace(r3.stdout)
	if len(token) != 32 {
		t.Fatalf("token %q", token)
	}
	for _, out := range []string{r.stdout, r.stderr, r2.stdout, r2.stderr} {
		for _, secret := range []string{token, "sandbox-4s-pass", "c3750b583be47ba43bde9a01754004db"} {
			if strings.Contains(out, secret) {
				t.Fatalf("secret %q in output", secret)
			}
		}
	}
	if !strings.Contains(r2.stderr, "Authorization-Token: ****") {
		t.Fatalf("wire log: %s", r2.stderr)
	}
	// Nor in the journal, which history show prints.
	r = u.run("", nil, "-p", "sandbox", "history", "show", "1", "-o", "json")
	if strings.Contains(r.stdout, token) || strings.Contains(r.stdout, "sandbox-4s-pass") {
		t.Fatal("secret in the journal")
	}
}

func TestBadInputExitsTwoAndSendsNothing(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "vin-report", "buy", "--vin", "SHORT", "--brand-factory", "20", "--yes")
	if r.code != 2 || !strings.Contains(r.stderr, "vin:") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	var doc map[string]map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc["error"]["kind"] != "usage" {
		t.Fatalf("json error %q", r.stdout)
	}
	r = u.run("", nil, "-p", "sandbox", "history", "list", "--jq", "length")
	if strings.TrimSpace(r.stdout) != "0" {
		t.Fatalf("something was sent: %s", r.stdout)
	}
}

func TestNoProfileSaysWhatToDo(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "vin-report", "brands")
	if r.code != 2 || !strings.Contains(r.stderr, "-p sandbox") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
}

func TestServeAndListenDeliverNotifications(t *testing.T) {
	u := newUser(t)
	sandboxURL := serveSandbox(t, u)

	// A free port, and the address read from the listener's own words, so
	// the test neither collides with another run nor guesses when it is up.
	listen := exec.Command(bin, "vin-report", "listen", "--addr", "127.0.0.1:0", "--count", "1")
	listen.Env = u.env
	var lout bytes.Buffer
	listen.Stdout = &lout
	lerr, err := listen.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	banner, err := bufio.NewReader(lerr).ReadString('\n')
	addr := listenAddr.FindString(banner)
	if err != nil || addr == "" {
		_ = listen.Process.Kill()
		t.Fatalf("listen said %q (%v)", banner, err)
	}
	go func() { _, _ = io.Copy(io.Discard, lerr) }()
	env := []string{"INSURE_SANDBOX_URL=" + sandboxURL}
	r := u.run("", env, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20",
		"--order-id", "NOTE-1", "--notify-url", addr+"notify", "--yes")
	if r.code != 0 {
		t.Fatalf("buy: %s", r.stderr)
	}
	done := make(chan error, 1)
	go func() { done <- listen.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		_ = listen.Process.Kill()
		t.Fatal("no notification within 20s")
	}
	var ev map[string]any
	if err := json.Unmarshal(lout.Bytes(), &ev); err != nil || ev["orderId"] != "NOTE-1" || ev["answer"] != "success" {
		t.Fatalf("listen printed %q", lout.String())
	}
}

var listenAddr = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

func TestTerminalModeShowsTables(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("no script(1) to give the binary a pseudo-terminal")
	}
	u := newUser(t)
	cmd := exec.Command(script, "-qec", bin+" -p sandbox vin-report brands", "/dev/null")
	cmd.Env = append(u.env, "TERM=xterm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s := string(out)
	if !strings.Contains(s, "BRAND") || strings.Contains(s, `"brandId"`) {
		t.Fatalf("not a table: %q", s)
	}
	if strings.Contains(s, "\x1b]11;?") {
		t.Fatal("the binary queried the terminal at start-up")
	}
}

// Several processes refreshing at once must never spend a refresh token
// twice: the store's lock serialises them, and each either finds the token
// already refreshed or refreshes with the current, unspent refresh token.
// Spending a used one would be answered 10010 and force a new login, so
// the test counts logins and the answers' codes.
func TestConcurrentRefreshSpendsTheRefreshTokenOnce(t *testing.T) {
	u := newUser(t)
	if r := u.run("", nil, "-p", "sandbox", "token", "get"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	const n = 4
	results := make(chan result, n)
	for i := 0; i < n; i++ {
		go func() { results <- u.run("", nil, "-p", "sandbox", "token", "refresh") }()
	}
	for i := 0; i < n; i++ {
		if r := <-results; r.code != 0 {
			t.Fatalf("refresh failed: %d %s", r.code, r.stderr)
		}
	}
	r := u.run("", nil, "-p", "sandbox", "history", "list", "--operation", "token.generate", "--jq", "length")
	if strings.TrimSpace(r.stdout) != "1" {
		t.Fatalf("logins: %s (a spent refresh token forced a new login)", r.stdout)
	}
	r = u.run("", nil, "-p", "sandbox", "history", "list", "--operation", "token.refresh", "--jq", ".[].id")
	ids := strings.Fields(r.stdout)
	if len(ids) == 0 || len(ids) > n {
		t.Fatalf("refreshes: %v", ids)
	}
	for _, id := range ids {
		show := u.run("", nil, "-p", "sandbox", "history", "show", id, "--jq", ".response")
		if !strings.Contains(show.stdout, `"10000"`) || strings.Contains(show.stdout, `"10010"`) {
			t.Fatalf("refresh %s answered: %s", id, show.stdout)
		}
	}
}

// Local commands never start the in-process sandbox: it would cost start-up
// time and create sandbox state for nothing.
func TestLocalCommandsStartNoSandbox(t *testing.T) {
	u := newUser(t)
	for _, args := range [][]string{{"history", "list"}, {"profile", "list"}, {"token", "show"}, {"example"}, {"sign", "paoding"}, {"bogus"}} {
		u.run("", nil, append([]string{"-p", "sandbox"}, args...)...)
	}
	if _, err := os.Stat(filepath.Join(u.stateDir(), "sandbox")); err == nil {
		t.Fatal("a local command started the sandbox")
	}
	u.run("", nil, "-p", "sandbox", "vin-report", "brands")
	if _, err := os.Stat(filepath.Join(u.stateDir(), "sandbox")); err != nil {
		t.Fatal("the sandbox state is not where expected; the test above proves nothing")
	}
}

// listen --once --forward-to --fetch against `sandbox serve`: the first new
// notification is recorded, forwarded with its status reported, its report
// fetched into the line, and the listener exits.
func TestListenOnceForwardsAndFetches(t *testing.T) {
	u := newUser(t)
	sandboxURL := serveSandbox(t, u)
	forwarded := make(chan string, 4)
	fwd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		forwarded <- string(b)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer fwd.Close()

	listen := exec.Command(bin, "-p", "sandbox", "vin-report", "listen", "--addr", "127.0.0.1:0", "--once", "--fetch", "--forward-to", fwd.URL+"/hook")
	listen.Env = append(append([]string{}, u.env...), "INSURE_SANDBOX_URL="+sandboxURL)
	var lout bytes.Buffer
	listen.Stdout = &lout
	lerr, err := listen.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	banner, err := bufio.NewReader(lerr).ReadString('\n')
	addr := listenAddr.FindString(banner)
	if err != nil || addr == "" {
		_ = listen.Process.Kill()
		t.Fatalf("listen said %q (%v)", banner, err)
	}
	go func() { _, _ = io.Copy(io.Discard, lerr) }()
	r := u.run("", []string{"INSURE_SANDBOX_URL=" + sandboxURL}, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20",
		"--order-id", "NOTE-ONCE", "--notify-url", addr+"notify", "--yes")
	if r.code != 0 {
		_ = listen.Process.Kill()
		t.Fatalf("buy: %s", r.stderr)
	}
	done := make(chan error, 1)
	go func() { done <- listen.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		_ = listen.Process.Kill()
		t.Fatal("--once: no exit within 30s")
	}
	var ev struct {
		OrderID   string `json:"orderId"`
		Duplicate bool   `json:"duplicate"`
		Forward   struct {
			Status int `json:"status"`
		} `json:"forward"`
		Report map[string]any `json:"report"`
	}
	if err := json.Unmarshal(lout.Bytes(), &ev); err != nil || ev.OrderID != "NOTE-ONCE" || ev.Duplicate || ev.Forward.Status != http.StatusAccepted || ev.Report == nil {
		t.Fatalf("listen printed %q", lout.String())
	}
	select {
	case body := <-forwarded:
		if !strings.Contains(body, "orderId=NOTE-ONCE") {
			t.Fatalf("forwarded %q", body)
		}
	default:
		t.Fatal("nothing forwarded")
	}
}

// serveSandbox starts `insure sandbox serve` on a free port as user u and
// returns the address it printed; the server is interrupted when the test
// ends.
// serveSandbox starts `insure sandbox serve` for u, with extraEnv (such
// as INSURE_SANDBOX_FAULTS), and returns its URL.
func serveSandbox(t *testing.T, u *user, extraEnv ...string) string {
	t.Helper()
	serve := exec.Command(bin, "sandbox", "serve", "--addr", "127.0.0.1:0")
	serve.Env = append(append([]string{}, u.env...), extraEnv...)
	stdout, _ := serve.StdoutPipe()
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = serve.Process.Signal(os.Interrupt); _ = serve.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil || info.URL == "" {
		t.Fatalf("serve printed %q", line)
	}
	return info.URL
}
