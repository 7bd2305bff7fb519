package issue

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// resigningProxy stands in front of the sandbox and passes its answers
// to 130 through edit, signed again with the platform's test key: a
// platform answering wrongly, not a tampered answer. It counts the 130
// requests that went by.
type resigningProxy struct {
	t      *testing.T
	target string
	edit   func([]byte) []byte
	mu     sync.Mutex
	issues int
}

func (p *resigningProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if bytes.Contains(body, []byte("<RequestType>130</RequestType>")) {
		p.mu.Lock()
		p.issues++
		p.mu.Unlock()
		key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPlatformPrivateKeyPEM))
		if err != nil {
			p.t.Error(err)
		}
		if answer, err = sunshine.SignDocument(p.edit(answer), "Response", key); err != nil {
			p.t.Error(err)
		}
	}
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// viaProxy points the Env's profile "staging" (the sandbox's settings)
// at a resigning proxy in front of the sandbox.
func viaProxy(t *testing.T, e *cmdtest.Env, edit func([]byte) []byte) *resigningProxy {
	t.Helper()
	proxy := &resigningProxy{t: t, target: e.SandboxBase(t, "sunshine"), edit: edit}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	return proxy
}

func issueSession(e *cmdtest.Env, session string) error {
	e.Reset()
	e.F.Globals.Yes = true
	cmd := NewCmdIssue(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
		"--check-pay-no", "B5000M386466139260786", "--pay-no", "2026030200001000910000069408"})
	return cmdutil.RewriteHints(e.F, cmd.Execute())
}

var forcePolicyNo = regexp.MustCompile(`(?s)(<SubOrder type=["']force["']>.*?)<PolicyNo>[^<]*</PolicyNo>`)

// The guided issue whose 130 answer names the commercial policy only:
// the result is printed with it, stderr warns naming the force sub-order,
// exit 6. Run again, the issued session is printed again, nothing is
// sent, and the warning and exit 6 stay.
func TestSunshineIssueWithoutForcePolicyWarnsAndStaysFlagged(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := viaProxy(t, e, func(b []byte) []byte { return forcePolicyNo.ReplaceAll(b, []byte("$1")) })
	session := quoteSunshine(t, e)
	for run := 1; run <= 2; run++ {
		err := issueSession(e, session)
		if cmdutil.ExitCode(err) != 6 {
			t.Fatalf("run %d: exit %d: %v", run, cmdutil.ExitCode(err), err)
		}
		out, stderr := e.Out.String(), e.ErrOut.String()
		if !strings.Contains(out, `"biz":"P`) || strings.Contains(out, `"force":"P`) || strings.Contains(out, `"error"`) {
			t.Errorf("run %d: stdout %s", run, out)
		}
		if !strings.Contains(stderr, "warning:") || !strings.Contains(stderr, "sub-order force") {
			t.Errorf("run %d: stderr %s", run, stderr)
		}
	}
	if proxy.issues != 1 {
		t.Errorf("130 sent %d times, want once", proxy.issues)
	}
}

// The guided issue whose 130 answer is for another order: exit 6, the
// outcome unknown, and the hint is the issue command that settles it.
func TestSunshineIssueAnswerForAnotherOrderIsExit6(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	viaProxy(t, e, func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("<TBOrderId>TB"), []byte("<TBOrderId>XB")) })
	session := quoteSunshine(t, e)
	err := issueSession(e, session)
	j := string(cmdutil.ErrorJSON(err))
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(j, `"outcome_unknown":true`) || !strings.Contains(j, "another order") ||
		!strings.Contains(j, "run the same issue command for session "+session) {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), j)
	}
	if strings.Contains(e.Out.String(), "XB") {
		t.Errorf("the foreign order was printed: %s", e.Out.String())
	}
}
