package ebaosettle_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/cancel"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
	"github.com/spf13/cobra"
)

var quoteFile = filepath.Join("..", "..", "..", "examples", "ebao", "quote.json")

// rewordingProxy stands before the eBao sandbox as a real server with
// other wording would: while lose is set the act is done and its answer
// replaced by a 502; while wording is set, a 400's message is replaced by
// it ({Q} and {P} stand for the quotation and policy the sandbox's own
// message names) and the answer signed again.
type rewordingProxy struct {
	target  string
	mu      sync.Mutex
	lose    bool
	wording string
}

func (p *rewordingProxy) set(lose bool, wording string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lose, p.wording = lose, wording
}

func (p *rewordingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	lose, wording := p.lose, p.wording
	p.mu.Unlock()
	rec := httptest.NewRecorder()
	cmdtest.Forward(rec, r, p.target, r.Body)
	body := rec.Body.Bytes()
	switch {
	case lose:
		http.Error(w, "Bad Gateway", http.StatusBadGateway)
		return
	case wording != "" && rec.Code == http.StatusBadRequest:
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			said, _ := m["message"].(string)
			msg := strings.ReplaceAll(wording, "{Q}", regexp.MustCompile(`Q\d{16}`).FindString(said))
			m["message"] = strings.ReplaceAll(msg, "{P}", regexp.MustCompile(`P\d{16}`).FindString(said))
			body, _ = json.Marshal(m)
			rec.Header().Set("signature", ebao.Sign(body, sandbox.TestSecretKey))
			rec.Header().Del("Content-Length")
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = io.Copy(w, bytes.NewReader(body))
}

// reworded is an environment whose profile "staging" reaches the eBao
// sandbox through a rewordingProxy.
func reworded(t *testing.T) (*cmdtest.Env, *rewordingProxy) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	p := &rewordingProxy{target: e.SandboxBase(t, "ebao")}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "ebao", srv.URL)
	e.F.Globals.Yes = true
	return e, p
}

func execute(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// quoted quotes the example through e and returns the quotation number.
func quoted(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	e.Reset()
	if err := execute(e, quote.NewCmdQuote(e.F, nil), "--provider", "ebao", "-f", quoteFile); err != nil {
		t.Fatal(err)
	}
	q := regexp.MustCompile(`Q\d{16}`).FindString(e.Out.String())
	e.Reset()
	return q
}

// issued quotes and issues the example through e and returns the policy.
func issued(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	q := quoted(t, e)
	if err := execute(e, issue.NewCmdIssue(e.F, nil), "--provider", "ebao", "-f", quoteFile, "--quote", q); err != nil {
		t.Fatal(err)
	}
	p := regexp.MustCompile(`P\d{16}`).FindString(e.Out.String())
	e.Reset()
	return p
}

func issueAgain(e *cmdtest.Env, q string) error {
	e.Reset()
	return execute(e, issue.NewCmdIssue(e.F, nil), "--provider", "ebao", "-f", quoteFile, "--quote", q)
}

func cancelAgain(e *cmdtest.Env, p string) error {
	e.Reset()
	return execute(e, cancel.NewCmdCancel(e.F, nil), "--provider", "ebao", p)
}

// unknownRows counts the journal's rows of op keyed key still unknown.
func unknownRows(t *testing.T, e *cmdtest.Env, op, key string) int {
	t.Helper()
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Operation: op, Key: key, Status: store.OutcomeUnknown, Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// story is find's story of key, as JSON.
func story(t *testing.T, e *cmdtest.Env, key string) find.Story {
	t.Helper()
	e.Reset()
	if err := execute(e, find.NewCmdFind(e.F, nil), key); err != nil {
		t.Fatalf("find %s: %v", key, err)
	}
	var s find.Story
	if err := json.Unmarshal(e.Out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}
