package issue

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A proxy in front of the sandbox that, while lose is set, serves every
// request holding lose and cuts the answer in half (the platform acted,
// the answer was lost), and counts what passed by transaction.
type losingProxy struct {
	target string
	lose   atomic.Value // string
	mu     sync.Mutex
	seen   []string
}

func (p *losingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if i := bytes.Index(body, []byte("<RequestType>")); i >= 0 {
		p.mu.Lock()
		p.seen = append(p.seen, string(body[i+13:i+16]))
		p.mu.Unlock()
	}
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	lose, _ := p.lose.Load().(string)
	if lose != "" && bytes.Contains(body, []byte(lose)) {
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer[:len(answer)/2])
		panic(http.ErrAbortHandler) // half the body, then the connection closes
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// The answer to the payment check (125) is lost: the hint names the
// command that settles it, the same issue command, and that command does
// (125 and 130 sent once each).
func TestSunshineLostPaymentCheckHintNamesTheIssueCommand(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := &losingProxy{target: e.SandboxBase(t, "sunshine")}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	session := quoteSunshine(t, e)

	args := []string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
		"--check-pay-no", "B5000M386466139260786", "--pay-no", "2026030200001000910000069408"}
	e.Reset()
	e.F.Globals.Yes = true
	proxy.lose.Store("<RequestType>125</RequestType>")
	cmd := NewCmdIssue(e.F, nil)
	cmd.SetArgs(args)
	err := cmdutil.RewriteHints(e.F, cmd.Execute())
	j := string(cmdutil.ErrorJSON(err))
	if cmdutil.ExitCode(err) != 5 || !strings.Contains(j, "run the same issue command for session "+session+" again") ||
		strings.Contains(j, "history show") {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), j)
	}

	proxy.lose.Store("")
	proxy.seen = nil
	e.Reset()
	cmd = NewCmdIssue(e.F, nil)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("the same issue command again: %v", err)
	}
	if got := strings.Join(proxy.seen, ","); got != "125,130" {
		t.Fatalf("the same issue command sent %s, want 125,130", got)
	}
}
