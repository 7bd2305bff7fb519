package root

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
)

const hostile = `\u001b]0;pwned\u0007\u001b[2J` // as JSON escapes in the answer

// hostileSandbox serves e's sandbox with Paoding's answers rewritten: the
// brand names of brand.list carry an OSC title change and a clear screen,
// and brandFactory.list answers a refusal whose remark carries them.
func hostileSandbox(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	h := e.Sandbox.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/4s/brandFactory") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"code":"20010","remark":"no such factory `+hostile+` try again\u009b2J"}`)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.Contains(r.URL.Path, "/4s/brand/list") {
			body = bytes.ReplaceAll(body, []byte(`"brandName": "`), []byte(`"brandName": "`+hostile))
			body = bytes.ReplaceAll(body, []byte(`"remark": ""`), []byte(`"remark": "`+hostile+`"`))
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("INSURE_SANDBOX_URL", srv.URL)
}

func hasControls(s string, keepColor bool) bool {
	if keepColor {
		return iostreams.SanitizeKeepColor(s) != s
	}
	return iostreams.Sanitize(s) != s
}

func TestProviderTextCannotDriveTheTerminal(t *testing.T) {
	t.Run("tty table", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		hostileSandbox(t, e)
		if code := runMain(e, "vin-report", "brands"); code != 0 {
			t.Fatalf("exit %d: %s", code, e.ErrOut.String())
		}
		out := e.Out.String()
		if strings.Count(out, "\n") < 2 || strings.Contains(out, "pwned") || hasControls(out, true) {
			t.Fatalf("table carries the provider's controls: %q", out)
		}
	})
	t.Run("pipe table", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{})
		hostileSandbox(t, e)
		if code := runMain(e, "vin-report", "brands", "-o", "table"); code != 0 {
			t.Fatalf("exit %d: %s", code, e.ErrOut.String())
		}
		if out := e.Out.String(); strings.Count(out, "\n") < 2 || hasControls(out, false) {
			t.Fatalf("table carries the provider's controls: %q", out)
		}
	})
	t.Run("json keeps the data, escaped", func(t *testing.T) {
		e := cmdtest.New(t, cmdtest.Options{})
		hostileSandbox(t, e)
		if code := runMain(e, "vin-report", "brands", "-o", "json"); code != 0 {
			t.Fatalf("exit %d: %s", code, e.ErrOut.String())
		}
		out := e.Out.String()
		if hasControls(out, false) || !strings.Contains(out, `\u001b]0;pwned\u0007\u001b[2J`) {
			t.Fatalf("json: %q", out)
		}
		var v any
		if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
	})
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe error", true: "tty error"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			hostileSandbox(t, e)
			code := runMain(e, "vin-report", "factories")
			if code == 0 || code == 1 {
				t.Fatalf("exit %d: %s", code, e.ErrOut.String())
			}
			stderr := e.ErrOut.String()
			if !strings.Contains(stderr, "no such factory") || !strings.Contains(stderr, "try again") || hasControls(stderr, true) || strings.Contains(stderr, "pwned") {
				t.Fatalf("stderr carries the provider's controls: %q", stderr)
			}
			if !tty {
				// The JSON error document keeps the text, escaped.
				if out := e.Out.String(); hasControls(out, false) || !strings.Contains(out, `\u001b]0;pwned`) || !strings.Contains(out, `\u009b2J`) {
					t.Fatalf("json error: %q", out)
				}
			}
		})
	}
}

// An error from anywhere that quotes a URL (net/http's *url.Error) loses
// the URL's query, in the message on stderr and in the JSON document.
func TestErrorsNeverQuoteAURLQuery(t *testing.T) {
	ue := &url.Error{Op: "Get", URL: "https://lzl.example/unite/SignOut?agentId=102&token=tok-abcdef123456&secCode=C0FFEE42C0FFEE42", Err: errors.New("EOF")}
	for name, err := range map[string]error{
		"plain":   ue,
		"wrapped": &failure.Error{Kind: failure.Network, Provider: "bihu", Operation: "signout", Message: "network failure: " + ue.Error(), Err: ue},
	} {
		ios, _, out, errOut := iostreams.Test()
		cmdutil.PrintError(ios, err, true)
		shown := out.String() + errOut.String()
		if strings.Contains(shown, "tok-abcdef123456") || strings.Contains(shown, "C0FFEE42") || strings.Contains(shown, "secCode=") {
			t.Errorf("%s: the query reached the output: %q", name, shown)
		}
		if !strings.Contains(errOut.String(), "https://lzl.example/unite/SignOut") || !strings.Contains(out.String(), "unite/SignOut") {
			t.Errorf("%s: the address is gone too: %q", name, shown)
		}
	}
}
