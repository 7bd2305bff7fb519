package renew

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// sent is one request as the Bihu sandbox received it.
type sent struct {
	Method, Path string
	Body         map[string]any
}

// env is a command test world whose bihu endpoint is a Bihu sandbox on a
// real loopback server, with a recorder in front of it and hooks that
// make it answer 403, 406 or 412 the way the real server would.
type env struct {
	*cmdtest.Env
	URL   string
	state *state.Memory

	mu   sync.Mutex
	sent []sent
	// edit changes a renewal body before the sandbox reads it.
	edit func(body map[string]any)
	// endSessions ends every session before a renewal is read, as a server
	// restart or a sign-out elsewhere would.
	endSessions bool
	opened      []string
}

func newEnv(t *testing.T, tty bool) *env {
	t.Helper()
	e := &env{Env: cmdtest.New(t, cmdtest.Options{TTY: tty}), state: state.NewMemory()}
	sb := bihusb.New(bihusb.Options{State: e.state})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		e.mu.Lock()
		e.sent = append(e.sent, sent{Method: r.Method, Path: r.URL.Path, Body: body})
		edit, end := e.edit, e.endSessions
		e.mu.Unlock()
		if strings.EqualFold(r.URL.Path, "/"+bihu.PathRenewal) {
			if edit != nil && body != nil {
				edit(body)
				raw, _ = json.Marshal(body)
			}
			if end {
				_ = bihusb.ForgetSessions(context.Background(), e.state)
			}
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	profile := e.F.Profile
	e.F.Profile = func() (*config.Profile, error) {
		p, err := profile()
		if err == nil {
			p.Set(bihu.Provider, "endpoint", srv.URL)
		}
		return p, err
	}
	return e
}

// run executes `renew` and, as main does, prints the error: a JSON
// document on stdout when the output is JSON, the message on stderr.
func (e *env) run(args ...string) error {
	cmd := NewCmdRenew(e.F, func(o *Options) error {
		o.Browser = func(u string) error { e.opened = append(e.opened, u); return nil }
		return Run(o)
	})
	// As under the root command, which prints errors itself.
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	err := cmd.Execute()
	if err != nil {
		oo, _ := e.F.OutputOptions()
		cmdutil.PrintError(e.F.IOStreams, err, oo.Format == "json" && oo.JQ == "" && oo.Template == "")
	}
	return err
}

// paths lists what the sandbox received, as "POST /unite/login".
func (e *env) paths() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, s := range e.sent {
		out = append(out, s.Method+" "+s.Path)
	}
	return out
}

func (e *env) lastBody() map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.sent) == 0 {
		return nil
	}
	return e.sent[len(e.sent)-1].Body
}

func (e *env) reset() {
	e.Reset()
	e.mu.Lock()
	e.sent = nil
	e.mu.Unlock()
	e.opened = nil
}

// noSecret fails when the secret key reached any output.
func noSecret(t *testing.T, e *env) {
	t.Helper()
	if all := e.Out.String() + e.ErrOut.String(); strings.Contains(all, bihusb.TestSecretKey) {
		t.Fatalf("the secret key reached the output:\n%s", all)
	}
}

// errorDoc reads the JSON error document main prints on stdout.
func errorDoc(t *testing.T, out string) map[string]any {
	t.Helper()
	var d struct {
		Error map[string]any `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || d.Error == nil {
		t.Fatalf("stdout is not a JSON error document: %q", out)
	}
	return d.Error
}
