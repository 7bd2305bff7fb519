//go:build unix

package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A batch line whose request is still in flight when the grace period
// after SIGTERM or Ctrl-C ends is cancelled then: its journal row names
// the signal ("interrupted": "SIGTERM", as a single command's does), its
// output line says the signal cut it short (outcome and exit_code still
// how it ended: unknown or network, 5), the line not sent says which
// signal stopped the batch, and the batch exits 143 or 130 with the
// summary and the --resume line. The rows read as a lost answer, and the
// lines as a network failure, when the engine cancelled them with a cause
// of its own.
//
// The grace period is --timeout, the longest one request may take, so a
// request sent before the signal ends by itself before it: what is cut
// short is a line's later request. The proxy holds the line's login
// (token/generate) while the test signals, lets it through, then holds
// the line's request, sent after the signal, past the grace period.
func TestBatchLineCutShortAfterGraceNamesTheSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sandbox server and two batches")
	}
	for _, c := range []struct {
		sig                     syscall.Signal
		name                    string
		code                    int
		args                    []string
		input, held, rowOutcome string
		outcome                 string
	}{
		{syscall.SIGTERM, "SIGTERM", 143, []string{"vin-report", "buy", "--yes"},
			"vin,brand_factory\nLSVAU2180N2000901,20\nLSVAU2180N2000902,20\n", "/4s/report/buy", "unknown", "unknown"},
		{syscall.SIGINT, "SIGINT", 130, []string{"vin-report", "get"},
			"order_id\nH-GRACE-1\nH-GRACE-2\n", "/4s/report/get", "unknown", "network"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			p := newGateProxy(t, serveSandbox(t, u), "/4s/token/generate", c.held)
			file := filepath.Join(t.TempDir(), "lines.csv")
			if err := os.WriteFile(file, []byte(c.input), 0o600); err != nil {
				t.Fatal(err)
			}
			env := []string{"INSURE_SANDBOX_URL=" + p.url}
			args := append([]string{"-p", "sandbox", "--timeout", "3s"}, c.args...)
			cmd := exec.Command(bin, append(args, "--batch", file, "--concurrency", "1")...)
			cmd.Env = append(append([]string{}, u.env...), env...)
			var stdout strings.Builder
			stderr := &syncBuffer{}
			cmd.Stdout, cmd.Stderr = &stdout, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { _ = cmd.Wait(); close(exited) }()
			select {
			case <-p.gated:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("the login never arrived:\n%s", stderr.String())
			}
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			// The login answers half way through its 3s, and the line's
			// request then sent is held past the grace period's end
			// (3s after the signal), well before its own 3s are up.
			time.Sleep(1500 * time.Millisecond)
			close(p.release)
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("still running after %s:\n%s", c.name, stderr.String())
			}
			if p.heldCount() != 1 {
				t.Fatalf("%d requests to %s, want the first line's one\n%s", p.heldCount(), c.held, stderr.String())
			}
			if got := cmd.ProcessState.ExitCode(); got != c.code {
				t.Errorf("exit %d, want %d\n%s", got, c.code, stderr.String())
			}
			for _, s := range []string{"exit " + strconv.Itoa(c.code), "were abandoned", "--resume (lines already done are skipped)"} {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("the summary lacks %q:\n%s", s, stderr.String())
				}
			}

			type outputLine struct {
				Line     int    `json:"line"`
				Outcome  string `json:"outcome"`
				ExitCode int    `json:"exit_code"`
				Message  string `json:"message"`
			}
			var out []outputLine
			for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				var line outputLine
				if err := json.Unmarshal([]byte(l), &line); err != nil {
					t.Fatalf("%v: %q", err, l)
				}
				out = append(out, line)
			}
			if len(out) != 2 {
				t.Fatalf("%d output lines for 2 input lines:\n%s", len(out), stdout.String())
			}
			cut, notSent := out[0], out[1]
			if cut.Outcome != c.outcome || cut.ExitCode != 5 || !strings.Contains(cut.Message, "interrupted by "+c.name) {
				t.Errorf("the line cut short: %+v; want outcome %s, exit_code 5, a message naming %s", cut, c.outcome, c.name)
			}
			if notSent.Outcome != "not_attempted" || notSent.ExitCode != c.code || !strings.Contains(notSent.Message, "interrupted by "+c.name) {
				t.Errorf("the line not sent: %+v; want not_attempted, exit_code %d, naming %s", notSent, c.code, c.name)
			}

			r := u.run("", env, "-p", "sandbox", "history", "list", "-o", "json", "--limit", "0")
			var rows []struct {
				URL         string `json:"url"`
				Outcome     string `json:"outcome"`
				ExitClass   int    `json:"exit_class"`
				Interrupted string `json:"interrupted"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
				t.Fatalf("history list: %v %q %s", err, r.stdout, r.stderr)
			}
			found := 0
			for _, row := range rows {
				if !strings.Contains(row.URL, c.held) {
					continue
				}
				found++
				if row.Interrupted != c.name || row.ExitClass != 5 || row.Outcome != c.rowOutcome {
					t.Errorf("journal row %+v, want %s, exit class 5, interrupted %s", row, c.rowOutcome, c.name)
				}
			}
			if found != 1 {
				t.Errorf("%d journal rows for %s, want 1: %s", found, c.held, r.stdout)
			}
		})
	}
}

// gateProxy stands between insure and the sandbox: the first request to
// gate waits for release, every request to held is held unanswered until
// its client gives up, and the rest pass through.
type gateProxy struct {
	url          string
	gated        chan struct{}
	release      chan struct{}
	gate, held   string
	once         sync.Once
	mu           sync.Mutex
	heldRequests int
}

func newGateProxy(t *testing.T, target, gate, held string) *gateProxy {
	p := &gateProxy{gated: make(chan struct{}), release: make(chan struct{}), gate: gate, held: held}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch {
		case strings.HasSuffix(r.URL.Path, p.held):
			p.mu.Lock()
			p.heldRequests++
			p.mu.Unlock()
			<-r.Context().Done()
			return
		case strings.HasSuffix(r.URL.Path, p.gate):
			p.once.Do(func() { close(p.gated) })
			select {
			case <-p.release:
			case <-r.Context().Done():
				return
			}
		}
		cmdtest.Forward(w, r, target, bytes.NewReader(body))
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *gateProxy) heldCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.heldRequests
}
