package doctor_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
)

// everyProviderAt points the four providers at url (Sunshine's keys are
// missing, which fails its settings but not its clock check).
func everyProviderAt(t *testing.T, e *cmdtest.Env, url string) {
	t.Helper()
	missing := filepath.Join(t.TempDir(), "missing.pem")
	e.Config.File.Profiles = map[string]map[string]config.Section{"partner": {
		"ebao":     {"endpoint": url, "access-key": "AK", "secret-key": "not-shown", "channel-code": "AXA_TP", "product-id": "P1"},
		"bihu":     {"endpoint": url, "agent-id": "102", "username": "someone", "secret-key": "not-shown"},
		"paoding":  {"endpoint": url, "username": "someone", "password": "not-shown"},
		"sunshine": {"endpoint": url, "seller-id": "S1", "agent-code": "W03210001", "private-key": missing, "platform-public-key": missing},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "partner"
}

// skewedServer answers with a Date ten minutes ahead of this machine.
func skewedServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(10*time.Minute).UTC().Format(http.TimeFormat))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Only Bihu (a signed unix timestamp) and Sunshine (SendTime) put this
// machine's time in their requests: the clock is judged for them, each by
// the skew it allows, naming the provider; eBao and Paoding are not
// checked. Every provider used to fail the same 5-minute rule.
func TestClockIsJudgedPerProviderInAPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	everyProviderAt(t, e, skewedServer(t))
	// The summary names the provider of the first failure, as the
	// report's lines do.
	if err := run(e); err == nil || !regexp.MustCompile(`the first: (ebao|bihu|paoding|sunshine) \w+`).MatchString(err.Error()) {
		t.Errorf("summary: %v", err)
	}
	got := checks(t, e)
	for _, p := range []string{"ebao", "paoding"} {
		if c := got[p+" clock"]; c.Status != "skip" || !strings.Contains(c.Detail, "not checked") {
			t.Errorf("%s clock: %+v", p, c)
		}
	}
	if c := got["bihu clock"]; c.Status != "fail" || !strings.Contains(c.Detail, "10m0s ahead of this machine's") ||
		!strings.Contains(c.Detail, "timestamp") || !strings.Contains(c.Hint, "bihu refuses requests whose time is more than 5m0s off") {
		t.Errorf("bihu clock: %+v", c)
	}
	if c := got["sunshine clock"]; c.Status != "warn" || !strings.Contains(c.Detail, "SendTime") || !strings.Contains(c.Hint, "15m0s sunshine allows") {
		t.Errorf("sunshine clock: %+v", c)
	}
}

func TestClockIsJudgedPerProviderOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	everyProviderAt(t, e, skewedServer(t))
	_ = run(e)
	out := e.Out.String()
	for _, want := range []string{
		"ebao clock: not checked",
		"paoding clock: not checked",
		"bihu clock: the server's clock is 10m0s ahead of this machine's; bihu signs a unix timestamp",
		"fix: set this machine's clock (NTP): bihu refuses",
		"sunshine clock: the server's clock is 10m0s ahead of this machine's; sunshine stamps",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "not-shown") {
		t.Fatal("a secret reached the output")
	}
}
