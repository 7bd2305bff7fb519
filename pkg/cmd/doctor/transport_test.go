package doctor_test

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/doctor"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// partnerProfile points paoding and bihu (whose requests carry the time,
// so doctor checks its clock) at url, with the CA file (if any) in the
// profile's defaults, as a partner's test environment is set up.
func partnerProfile(t *testing.T, e *cmdtest.Env, url, cacert string) {
	t.Helper()
	prof := map[string]config.Section{
		"paoding": {"endpoint": url, "username": "someone", "password": "not-shown"},
		"bihu":    {"endpoint": url, "agent-id": "102", "username": "someone", "secret-key": "not-shown"},
	}
	if cacert != "" {
		prof[config.DefaultsSection] = config.Section{"cacert": cacert}
	}
	e.Config.File.Profiles = map[string]map[string]config.Section{"partner": prof}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "partner"
}

func checks(t *testing.T, e *cmdtest.Env) map[string]doctor.Check {
	t.Helper()
	var rep doctor.Report
	if err := json.Unmarshal(e.Out.Bytes(), &rep); err != nil {
		t.Fatalf("%v %s", err, e.Out)
	}
	byName := map[string]doctor.Check{}
	for _, c := range rep.Checks {
		byName[strings.TrimSpace(c.Provider+" "+c.Name)] = c
	}
	return byName
}

func caFile(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "partner-ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// A partner's test server with its own CA works for every command once the
// CA is trusted (--cacert or defaults.cacert): doctor must trust the same
// CA, not report the endpoint broken while requests to it go through.
func TestEndpointTrustsThePartnerCAOfTheProfileAndFlag(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ca := caFile(t, srv)

	e := cmdtest.New(t, cmdtest.Options{})
	partnerProfile(t, e, srv.URL, ca)
	_ = run(e)
	got := checks(t, e)
	if c := got["paoding endpoint"]; c.Status != "pass" || !strings.Contains(c.Detail, "; TLS 1.") || strings.Contains(c.Detail, "TLS TLS") {
		t.Errorf("defaults.cacert: %+v", c)
	}
	if c := got["bihu clock"]; c.Status != "pass" {
		t.Errorf("the clock's request did not trust the CA either: %+v", c)
	}

	e.Reset()
	partnerProfile(t, e, srv.URL, "")
	e.F.Globals.CACert = ca
	_ = run(e, "--provider", "paoding")
	if c := checks(t, e)["paoding endpoint"]; c.Status != "pass" {
		t.Errorf("--cacert: %+v", c)
	}
}

// A CA file that cannot be used is one problem of one setting: doctor
// names defaults.cacert and what to do about it, instead of blaming each
// provider's settings.
func TestUnusableCAFileIsNamedOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	bad := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bad, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	partnerProfile(t, e, e.Sandbox.Endpoint("paoding"), bad)
	err := run(e)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	got := checks(t, e)
	c := got["CA file"]
	if c.Status != "fail" || c.Setting != "defaults.cacert" || c.Source != "file" || !strings.Contains(c.Detail, bad) || !strings.Contains(c.Hint, "PEM") {
		t.Errorf("CA file: %+v", c)
	}
	if s := got["paoding settings"]; s.Status == "fail" || strings.Contains(s.Hint, "insure configure") {
		t.Errorf("the CA problem was blamed on paoding's settings: %+v", s)
	}
	if strings.Contains(e.Out.String(), "not-shown") {
		t.Fatal("a secret reached the output")
	}
}

// The Date header has whole seconds, cut down: a server whose clock agrees
// with this machine's must not be reported a second behind.
func TestClockOfAServerInStepIsNoSkew(t *testing.T) {
	date := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date.Format(http.TimeFormat))
	}))
	defer srv.Close()
	e := cmdtest.New(t, cmdtest.Options{Now: func() time.Time { return date.Add(900 * time.Millisecond) }})
	partnerProfile(t, e, srv.URL, "")
	_ = run(e, "--provider", "bihu")
	if c := checks(t, e)["bihu clock"]; c.Status != "pass" || !strings.Contains(c.Detail, " 0s ") {
		t.Fatalf("%+v", c)
	}
}

// Behind a proxy (HTTPS_PROXY, HTTP_PROXY) requests reach the endpoint
// through it, and the endpoint's name may not even resolve locally: doctor
// checks the way there that requests take, and says so.
func TestEndpointBehindAProxyIsCheckedThroughIt(t *testing.T) {
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.String())
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)

	e := cmdtest.New(t, cmdtest.Options{})
	partnerProfile(t, e, "http://partner.invalid/api", "")
	cmd := doctor.NewCmdDoctor(e.F, func(o *doctor.Options) error {
		o.Proxy = func(u *url.URL) (*url.URL, error) {
			if u.Hostname() == "partner.invalid" {
				return proxyURL, nil
			}
			return nil, nil
		}
		return doctor.Run(o)
	})
	cmd.SetArgs([]string{"--provider", "bihu"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	_ = cmd.Execute()
	got := checks(t, e)
	if c := got["bihu endpoint"]; c.Status != "pass" || !strings.Contains(c.Detail, "through the proxy "+proxyURL.Host) {
		t.Errorf("endpoint: %+v", c)
	}
	if c := got["bihu clock"]; c.Status != "pass" {
		t.Errorf("clock: %+v", c)
	}
	if len(seen) == 0 || !strings.Contains(seen[0], "http://partner.invalid/api") {
		t.Errorf("the proxy saw %v", seen)
	}
}
