package renew

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// The sandbox answers in the documents' Chinese messages: a success says
// 续保成功, and `-o json` keeps it as sent.
func TestRenewalMessageIsTheDocumentsChinese(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	w := &env{Env: e}
	if err := w.run("--plate", "京J97896"); err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil || res["msg"] != "续保成功" {
		t.Fatalf("result %q: %v", e.Out.String(), err)
	}
}

// An answer that cannot be read as Bihu's UTF-8 JSON is exit 6 and says
// what it was; a 200 of that kind is never "without a RenewalToken", and
// garbled text is never printed.
func TestUnreadableRenewalAnswersAreExit6(t *testing.T) {
	for _, tc := range []struct {
		fault string
		want  []string
	}{
		{"body:gbk", []string{"not valid UTF-8", "GBK"}},
		{"body:html", []string{"HTML page", "502 Bad Gateway"}},
		{"body:truncate", []string{"JSON cut short"}},
		{"body:empty", []string{"an empty body"}},
	} {
		for _, tty := range []bool{false, true} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "bihu:/unite/unitecheckrenewal=" + tc.fault})
			w := &env{Env: e}
			err := w.run("--plate", "京J97896")
			if cmdutil.ExitCode(err) != 6 {
				t.Fatalf("%s: exit %d: %v", tc.fault, cmdutil.ExitCode(err), err)
			}
			all := e.Out.String() + e.ErrOut.String()
			for _, want := range append(tc.want, "HTTP 200") {
				if !strings.Contains(all, want) {
					t.Errorf("%s (tty %v): %q missing from %q", tc.fault, tty, want, all)
				}
			}
			if strings.Contains(all, "without a RenewalToken") || !utf8.ValidString(all) || strings.ContainsRune(all, utf8.RuneError) {
				t.Errorf("%s (tty %v): %q", tc.fault, tty, all)
			}
			if !tty && errorDoc(t, e.Out.String())["code"] != "200" {
				t.Errorf("%s: stdout %q", tc.fault, e.Out.String())
			}
		}
	}
}

// The document's 500 comes from the sandbox without fault injection (a
// vehicle ending in 500): the lookup is retried, then exit 5 with the
// document's message.
func TestSandboxInternalErrorWithoutFaults(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	w := &env{Env: e}
	err := w.run("--vin", "LSVAU2180N2183500", "--engine", "2192209", "--city", "1")
	if cmdutil.ExitCode(err) != 5 || !strings.Contains(e.ErrOut.String(), "请求接口内部错误") {
		t.Fatalf("exit %d: %v; stderr %q", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
	n := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/unite/unitecheckrenewal") {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("renewal sent %d times: %v", n, e.ReceivedPaths())
	}
}

// The session's other pages come with the lookup, masked unless
// --show-secrets, and --open=PAGE opens the one named; the sandbox serves
// each of them to the session.
func TestOtherPagesOfTheSession(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	w := &env{Env: e}
	if err := w.run("--plate", "京J97896"); err != nil {
		t.Fatal(err)
	}
	var res struct{ Pages map[string]string }
	if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"quote": "/DoQuote/Index?Token=****", "checklist": "/Customer/CheckList?Token=****", "customers": "/Customer/list?Token=****"} {
		if !strings.HasSuffix(res.Pages[name], path) {
			t.Errorf("%s page %q", name, res.Pages[name])
		}
	}
	for _, page := range []string{"quote", "checklist", "customers"} {
		e.Reset()
		w.opened = nil
		if err := w.run("--plate", "京J97896", "--open="+page); err != nil {
			t.Fatal(err)
		}
		if len(w.opened) != 1 {
			t.Fatalf("%s: opened %v", page, w.opened)
		}
		status, body := fetch(t, w.opened[0])
		if status != 200 || !strings.Contains(body, "session open for agent") {
			t.Errorf("%s: the sandbox answered %d: %s", page, status, body)
		}
		if strings.Contains(e.Out.String()+e.ErrOut.String(), "Token=") && !strings.Contains(e.Out.String(), "Token=****") {
			t.Errorf("%s: an unmasked link reached the output", page)
		}
	}
	e.Reset()
	e.F.Globals.ShowSecrets = true
	if err := w.run("--plate", "京J97896"); err != nil {
		t.Fatal(err)
	}
	res.Pages = nil
	_ = json.Unmarshal(e.Out.Bytes(), &res)
	if strings.Contains(res.Pages["checklist"], "****") {
		t.Errorf("--show-secrets: %q", res.Pages["checklist"])
	}
	if status, _ := fetch(t, res.Pages["checklist"]); status != 200 {
		t.Errorf("checklist with the token: %d", status)
	}
	if err := w.run("--plate", "京J97896", "--open=elsewhere"); cmdutil.ExitCode(err) != 2 {
		t.Errorf("--open=elsewhere: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func fetch(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
