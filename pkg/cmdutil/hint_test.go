package cmdutil

import (
	"context"
	"errors"
	"github.com/insurekit/insure/pkg/httpx"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

func TestHintCarriesGlobalFlags(t *testing.T) {
	f := &Factory{Globals: &GlobalOptions{}}
	f.Globals.Profile = "sandbox"
	f.Globals.ConfigPath = "/tmp/my config.yaml"
	if got, want := Hint(f, "vin-report get", "TT-1", "--wait"), "insure -p sandbox --config '/tmp/my config.yaml' vin-report get TT-1 --wait"; got != want {
		t.Errorf("Hint = %q, want %q", got, want)
	}
	if got, want := Hinter(nil).Command("sunshine sessions"), "insure sunshine sessions"; got != want {
		t.Errorf("nil Hinter = %q, want %q", got, want)
	}
}

func TestRewriteHintsAddsProfileToProviderHints(t *testing.T) {
	f := &Factory{Globals: &GlobalOptions{}}
	f.Globals.Profile = "sandbox"
	err := &failure.Error{Kind: failure.Refused, Message: "x",
		Hint: "run `insure token get` to generate one; compare with `insure sign bihu renew`; see `insure -p prod history list`; start `insure sandbox serve`"}
	RewriteHints(f, err)
	var fe *failure.Error
	errors.As(err, &fe)
	// sandbox serve, reset and status read no profile: `insure -p
	// sandbox sandbox serve` read as a typo.
	want := "run `insure -p sandbox token get` to generate one; compare with `insure sign bihu renew`; see `insure -p prod history list`; start `insure sandbox serve`"
	if fe.Hint != want {
		t.Errorf("hint\n got %q\nwant %q", fe.Hint, want)
	}
}

// Prose that starts with "insure" is no command: "insure writes
// config.yaml" became "insure -p a writes config.yaml".
func TestRewriteHintsLeavesProseAlone(t *testing.T) {
	f := &Factory{Globals: &GlobalOptions{}}
	f.Globals.Profile = "a"
	err := &failure.Error{Kind: failure.Unexpected, Message: "x",
		Hint: "insure writes config.yaml through a temporary file: make the folder writable, then run `insure vin-report get X`"}
	RewriteHints(f, err)
	var fe *failure.Error
	errors.As(err, &fe)
	want := "insure writes config.yaml through a temporary file: make the folder writable, then run `insure -p a vin-report get X`"
	if fe.Hint != want {
		t.Errorf("hint\n got %q\nwant %q", fe.Hint, want)
	}
	// A provider's own command group is a command: the registry knows it.
	f.Registry = builtin.Registry()
	err = &failure.Error{Kind: failure.Refused, Message: "x", Hint: "run `insure sunshine sessions`"}
	RewriteHints(f, err)
	if errors.As(err, &fe); fe.Hint != "run `insure -p a sunshine sessions`" {
		t.Errorf("hint %q", fe.Hint)
	}
}

// With INSURE_SANDBOX_URL set, the sandbox profile's endpoints are that
// server's: a connection failure's hint blamed "the profile's ebao
// endpoint", which the profile does not hold, when the server had
// stopped. It names the variable (a password in it masked), and other
// profiles' hints are left alone.
func TestRewriteHintsNamesTheSandboxURL(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://u:s3cret@127.0.0.1:8711")
	hint := "check the network and the profile's ebao endpoint; sending the quotation again is safe"
	for profile, want := range map[string]string{
		"sandbox": "check the network and INSURE_SANDBOX_URL=http://u:xxxxx@127.0.0.1:8711 (is insure sandbox serve still running there? start it again, or unset INSURE_SANDBOX_URL for the in-process sandbox); sending the quotation again is safe",
		"prod":    hint,
	} {
		f := &Factory{Globals: &GlobalOptions{Profile: profile}}
		err := &failure.Error{Kind: failure.Network, Message: "could not connect", Hint: hint}
		RewriteHints(f, err)
		if err.Hint != want {
			t.Errorf("%s:\n got %q\nwant %q", profile, err.Hint, want)
		}
	}
}

// A server that answered (a redirect it was not followed to, a 5xx) is
// running: the hint names INSURE_SANDBOX_URL without asking whether
// insure sandbox serve still runs there.
func TestRewriteHintsAfterAnAnswerDoesNotAskIfTheSandboxRuns(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:8711")
	f := &Factory{Globals: &GlobalOptions{Profile: "sandbox"}}
	err := &failure.Error{Kind: failure.Network, Code: "307", Message: "redirected to http://other/, not followed",
		Hint: "check the profile's ebao endpoint: use the address the redirect names if you trust it"}
	RewriteHints(f, err)
	if want := "check INSURE_SANDBOX_URL=http://127.0.0.1:8711: use the address the redirect names if you trust it"; err.Hint != want {
		t.Errorf("\n got %q\nwant %q", err.Hint, want)
	}
}

// INSURE_<PROVIDER>_ENDPOINT sends the sandbox profile's requests for that
// provider elsewhere than INSURE_SANDBOX_URL: the hint named the sandbox's
// server, which was never asked. It names the variable that was used.
func TestRewriteHintsNamesTheProvidersEndpointVariableWhenSet(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:8711")
	t.Setenv("INSURE_EBAO_ENDPOINT", "http://u:s3cret@127.0.0.1:9000")
	f := &Factory{Globals: &GlobalOptions{Profile: "sandbox"}}
	err := &failure.Error{Kind: failure.Network, Provider: "ebao", Message: "could not connect",
		Hint: "check the network and the profile's ebao endpoint; sending the quotation again is safe"}
	RewriteHints(f, err)
	if want := "check the network and INSURE_EBAO_ENDPOINT=http://u:xxxxx@127.0.0.1:9000; sending the quotation again is safe"; err.Hint != want {
		t.Errorf("\n got %q\nwant %q", err.Hint, want)
	}
}

// A sandbox server that took the request and did not answer in time is
// running, only slow: the hint does not ask whether it still runs, and
// says --timeout.
func TestRewriteHintsAfterASlowAnswerDoesNotAskIfTheSandboxRuns(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	t.Setenv("INSURE_SANDBOX_URL", srv.URL)
	_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 100 * time.Millisecond}),
		httpx.Request{Provider: "paoding", Operation: "report.get", Method: http.MethodGet, URL: srv.URL})
	f := &Factory{Globals: &GlobalOptions{Profile: "sandbox"}}
	err = RewriteHints(f, err)
	var fe *failure.Error
	if !errors.As(err, &fe) || strings.Contains(fe.Hint, "still running") || !strings.Contains(fe.Hint, "--timeout") || !strings.Contains(fe.Hint, "INSURE_SANDBOX_URL="+srv.URL) {
		t.Errorf("hint %q", fe.Hint)
	}
}
