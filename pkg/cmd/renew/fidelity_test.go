package renew

import (
	"encoding/json"
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
