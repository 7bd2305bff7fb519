package renew

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

const (
	login   = "POST /unite/login"
	renewal = "POST /unite/unitecheckrenewal"
)

func TestNewCmdRenewFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	capture := func(o *Options) error { got = o; return nil }
	cmd := NewCmdRenew(e.F, capture)
	cmd.SetArgs([]string{"--plate", "京J97896", "--city", "北京", "--open"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := bihu.RenewalRequest{LicenseNo: "京J97896", CityCode: "北京"}
	if got.Provider != "bihu" || got.Request != want || !got.Open || got.ListCities || got.DryRun {
		t.Fatalf("options %+v", got)
	}

	got = nil
	cmd = NewCmdRenew(e.F, capture)
	cmd.SetArgs([]string{"--provider", "bihu", "--vin", "LS4ASE2A2GJ137027", "--engine", "2192209", "--city", "1"})
	e.F.Globals.DryRun = true
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.DryRun = false
	want = bihu.RenewalRequest{CarVin: "LS4ASE2A2GJ137027", EngineNo: "2192209", CityCode: "1"}
	if got.Request != want || !got.DryRun {
		t.Fatalf("options %+v", got)
	}

	for _, args := range [][]string{
		{"--provider", "ebao", "--plate", "京J97896"},
		{"--list-cities", "--plate", "京J97896"},
		{"extra-arg"},
	} {
		got = nil
		cmd = NewCmdRenew(e.F, capture)
		cmd.SetArgs(args)
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 || got != nil {
			t.Errorf("%v: exit %d (%v), ran %v", args, cmdutil.ExitCode(err), err, got != nil)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatal("flag parsing sent a request")
	}
}

func TestProviderErrorListsValidValues(t *testing.T) {
	e := newEnv(t, false)
	err := e.run("--provider", "paoding", "--plate", "京J97896")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "valid: bihu") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestListCitiesIsOffline(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := newEnv(t, tty)
		e.F.Globals.Profile = "no-such-profile" // proves no profile is read
		if err := e.run("--list-cities"); err != nil {
			t.Fatal(err)
		}
		out := e.Out.String()
		if tty {
			if !strings.HasPrefix(out, "CODE") || !strings.Contains(out, "北京") || !strings.Contains(out, "23") || !strings.Contains(out, "泰州") {
				t.Fatalf("table: %q", out)
			}
		} else {
			var cities []bihu.City
			if err := json.Unmarshal([]byte(out), &cities); err != nil || len(cities) != 23 || cities[0] != (bihu.City{Code: "1", Name: "北京"}) {
				t.Fatalf("json: %q (%v)", out, err)
			}
		}
		if len(e.paths()) != 0 {
			t.Fatalf("sent %v", e.paths())
		}
	}
}

// Every bad field is named as the user gave it (the flag, which is also
// the --batch column), not by Bihu's parameter name: --plate XX used to
// read "LicenseNo: ...".
func TestBadInputNamesEveryFieldAndSendsNothing(t *testing.T) {
	cases := []struct {
		args   []string
		fields []string
	}{
		{[]string{"--plate", "京AD12345"}, []string{"plate"}},
		{[]string{"--plate", "京J9789"}, []string{"plate"}},
		{[]string{"--vin", "LS4ASE2A2GJ13702I"}, []string{"vin", "engine"}},
		{[]string{"--plate", "京J97896", "--city", "拉萨"}, []string{"city"}},
	}
	for _, tty := range []bool{true, false} {
		for _, c := range cases {
			e := newEnv(t, tty)
			err := e.run(c.args...)
			if cmdutil.ExitCode(err) != 2 {
				t.Fatalf("%v: exit %d: %v", c.args, cmdutil.ExitCode(err), err)
			}
			for _, f := range c.fields {
				if !strings.Contains(e.ErrOut.String(), "  "+f+":") {
					t.Errorf("%v: stderr does not name %s: %q", c.args, f, e.ErrOut.String())
				}
			}
			for _, api := range []string{"LicenseNo", "CarVin", "EngineNo", "CityCode"} {
				if strings.Contains(e.ErrOut.String(), api) {
					t.Errorf("%v: stderr names Bihu's %s: %q", c.args, api, e.ErrOut.String())
				}
			}
			if tty && e.Out.Len() != 0 {
				t.Errorf("%v: stdout on a terminal: %q", c.args, e.Out.String())
			}
			if !tty && errorDoc(t, e.Out.String())["kind"] != "usage" {
				t.Errorf("%v: %q", c.args, e.Out.String())
			}
			if p := e.paths(); len(p) != 0 {
				t.Fatalf("%v: sent %v", c.args, p)
			}
		}
	}
}

// TestEveryStatus drives each of Bihu's answers through the command, on a
// terminal and in a pipe, checking exit code, both streams and what the
// sandbox received.
func TestEveryStatus(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		setup  func(e *env)
		exit   int
		sent   []string
		stderr []string // on a terminal; in a pipe the same text is in the JSON error
	}{
		{name: "200", args: []string{"--plate", "京j97896"}, exit: 0, sent: []string{login, renewal}},
		{name: "206", args: []string{"--plate", "京A12345"}, exit: 4, sent: []string{login, renewal},
			stderr: []string{"[206]", "licence details must be completed", "/DoQuote/ReplenishInfo?Token="}},
		{name: "403", args: []string{"--plate", "京J97896"}, exit: 3, sent: []string{login, renewal, login, renewal},
			setup:  func(e *env) { e.endSessions = true },
			stderr: []string{"[403]", "insure token clear --provider bihu"}},
		{name: "406", args: []string{"--plate", "京J97896"}, exit: 3, sent: []string{login, renewal},
			setup:  func(e *env) { e.edit = func(b map[string]any) { b["TimeStamp"] = "1489044754" } },
			stderr: []string{"[406]", "secretKey=****", "Token=****", "AgentId=102&CityCode=1&LicenseNo=京J97896&secretKey=****&TimeStamp=", "insure sign bihu renew`"}},
		{name: "412", args: []string{"--vin", "LSVAU2180N2183294", "--engine", "2192209", "--city", "北京"}, exit: 4, sent: []string{login, renewal},
			setup:  func(e *env) { e.edit = func(b map[string]any) { delete(b, "CityCode") } },
			stderr: []string{"[412]", "CityCode 必填", "sent AgentId=102 CarVin=LSVAU2180N2183294 CityCode=1 EngineNo=2192209 SecCode=**** TimeStamp="}},
	}
	for _, c := range cases {
		for _, tty := range []bool{true, false} {
			t.Run(c.name+map[bool]string{true: "/tty", false: "/pipe"}[tty], func(t *testing.T) {
				e := newEnv(t, tty)
				if c.setup != nil {
					c.setup(e)
				}
				err := e.run(c.args...)
				if got := cmdutil.ExitCode(err); got != c.exit {
					t.Fatalf("exit %d, want %d: %v", got, c.exit, err)
				}
				if got := e.paths(); strings.Join(got, ",") != strings.Join(c.sent, ",") {
					t.Fatalf("sandbox received %v, want %v", got, c.sent)
				}
				noSecret(t, e)
				if c.exit == 0 {
					checkFound(t, e, tty)
					return
				}
				if tty {
					if e.Out.Len() != 0 {
						t.Fatalf("stdout on a terminal error: %q", e.Out.String())
					}
				} else if d := errorDoc(t, e.Out.String()); d["code"] != c.name || d["exit_code"] != float64(c.exit) || d["provider"] != "bihu" {
					t.Fatalf("error document %v", d)
				}
				for _, s := range c.stderr {
					if !strings.Contains(e.ErrOut.String(), s) {
						t.Errorf("stderr lacks %q:\n%s", s, e.ErrOut.String())
					}
				}
			})
		}
	}
}

var hex32 = regexp.MustCompile(`^[0-9A-F]{32}$`)

// checkFound checks a 200: the output, the request and the store record.
func checkFound(t *testing.T, e *env, tty bool) {
	t.Helper()
	body := e.lastBody()
	if body["LicenseNo"] != "京J97896" || body["CityCode"] != "1" || body["AgentId"] != bihusb.TestAgentID || body["SecCode"] == nil {
		t.Fatalf("renewal body %v", body)
	}
	var page, renewalToken string
	if tty {
		out := e.Out.String()
		for _, want := range []string{"plate:         京J97896", "city:          1 北京", "renewal token: ", "quote page:    " + e.URL + "/DoQuote/SelectInsuranceNew?Token="} {
			if !strings.Contains(out, want) {
				t.Fatalf("table lacks %q:\n%s", want, out)
			}
		}
		m := regexp.MustCompile(`renewal token: (\S+)\nquote page:    (\S+)`).FindStringSubmatch(out)
		renewalToken, page = m[1], m[2]
		if !strings.Contains(e.ErrOut.String(), "Renewal found") {
			t.Fatalf("stderr %q", e.ErrOut.String())
		}
	} else {
		var r map[string]any
		if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
			t.Fatalf("stdout is not JSON: %q", e.Out.String())
		}
		if r["provider"] != "bihu" || r["httpStatus"] != float64(200) || r["licenseNo"] != "京J97896" || r["cityCode"] != "1" || r["cityName"] != "北京" {
			t.Fatalf("result %v", r)
		}
		renewalToken, _ = r["renewalToken"].(string)
		page, _ = r["quotePageUrl"].(string)
		if e.ErrOut.Len() != 0 {
			t.Fatalf("stderr in a pipe: %q", e.ErrOut.String())
		}
	}
	if !hex32.MatchString(renewalToken) || !strings.HasSuffix(page, "&RenewalToken="+renewalToken) {
		t.Fatalf("renewal token %q, page %q", renewalToken, page)
	}
	// The link is shown with the login token masked; with the real token
	// (what --open uses) the page opens on the sandbox, which knows the renewal.
	tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
	if tok == nil || !strings.Contains(page, "Token=****&") || strings.Contains(e.Out.String(), tok.Value) {
		t.Fatalf("the login token is shown or none was cached: %q", e.Out.String())
	}
	resp, err := http.Get(strings.Replace(page, "Token=****", "Token="+tok.Value, 1))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("quote page: %v %v", resp, err)
	}
	resp.Body.Close()
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "bihu", RecordKind, "京J97896")
	if err != nil || !strings.Contains(string(rec.Body), renewalToken) || !strings.Contains(string(rec.Body), "Token=****") {
		t.Fatalf("record %v %v", rec, err)
	}
	if strings.Contains(string(rec.Body), tok.Value) {
		t.Fatalf("the record holds the session token: %s", rec.Body)
	}
}

func TestServerErrorIsRetriedThenExitFive(t *testing.T) {
	for _, tty := range []bool{true, false} {
		// The real fault injection of the in-process sandbox, on the
		// renewal path only, so the login succeeds.
		e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "bihu:/unite/unitecheckrenewal=status:500"})
		w := &env{Env: e}
		err := w.run("--plate", "京J97896")
		if cmdutil.ExitCode(err) != 5 {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		var renewals int
		for _, p := range e.ReceivedPaths() {
			if strings.HasSuffix(p, "/bihu/unite/unitecheckrenewal") {
				renewals++
			}
		}
		// httpx.Idempotent: three attempts in all (docs/reliability.md).
		if renewals != 3 {
			t.Fatalf("renewal sent %d times, want 3 (two retries): %v", renewals, e.ReceivedPaths())
		}
		if !strings.Contains(e.ErrOut.String(), "[500]") || !strings.Contains(e.ErrOut.String(), "repeating it is safe") {
			t.Fatalf("stderr %q", e.ErrOut.String())
		}
		if tty && e.Out.Len() != 0 || !tty && errorDoc(t, e.Out.String())["code"] != "500" {
			t.Fatalf("stdout %q", e.Out.String())
		}
	}
}

func TestLoginSignatureRefusedShowsCanonicalString(t *testing.T) {
	t.Setenv("INSURE_BIHU_SECRET_KEY", "not-the-sandbox-secret")
	e := newEnv(t, false)
	err := e.run("--plate", "京J97896")
	if cmdutil.ExitCode(err) != 3 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got := e.paths(); len(got) != 1 || got[0] != login {
		t.Fatalf("sent %v", got)
	}
	d := errorDoc(t, e.Out.String())
	msg, _ := d["message"].(string)
	if d["operation"] != "login" || d["code"] != "406" ||
		!regexp.MustCompile(`agentId=102&userName=insure-test&secretKey=\*\*\*\*&timestamp=\d+&timeout=7200`).MatchString(msg) {
		t.Fatalf("error %v", d)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), "not-the-sandbox-secret") {
		t.Fatal("the secret reached the output")
	}
}

func TestMissingSettingsNameEachField(t *testing.T) {
	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "soon")
	e := newEnv(t, false)
	profile := e.F.Profile
	e.F.Profile = func() (*config.Profile, error) {
		p, err := profile()
		if err == nil {
			delete(p.Sections["bihu"], "agent-id")
			delete(p.Sections["bihu"], "secret-key")
		}
		return p, err
	}
	err := e.run("--plate", "京J97896")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"bihu.agent-id", "INSURE_BIHU_AGENT_ID", "bihu.secret-key", "INSURE_BIHU_SECRET_KEY", "bihu.session-timeout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
	if len(e.paths()) != 0 {
		t.Fatalf("sent %v", e.paths())
	}
}

func TestRenewalNeedingLicenceOpensReplenishPageAndPrintsRawBody(t *testing.T) {
	e := newEnv(t, false)
	e.F.Globals.Output = "raw"
	err := e.run("--plate", "京A12345", "--open")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var body map[string]any
	if json.Unmarshal(e.Out.Bytes(), &body) != nil || body["code"] != float64(206) {
		t.Fatalf("raw stdout %q", e.Out.String())
	}
	tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
	want := e.URL + "/DoQuote/ReplenishInfo?Token=" + tok.Value + "&LicenseNo="
	if len(e.opened) != 1 || !strings.HasPrefix(e.opened[0], want) || !strings.Contains(e.ErrOut.String(), strings.Replace(e.opened[0], tok.Value, "****", 1)) || strings.Contains(e.ErrOut.String(), tok.Value) {
		t.Fatalf("opened %v, stderr %q", e.opened, e.ErrOut.String())
	}
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "bihu", RecordKind, "京A12345")
	if err != nil || !strings.Contains(string(rec.Body), `"httpStatus":206`) || strings.Contains(string(rec.Body), tok.Value) {
		t.Fatalf("record %s %v", rec.Body, err)
	}
	resp, err := http.Get(e.opened[0])
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("replenish page: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestOpenLaunchesQuotePageOrSaysWhyNot(t *testing.T) {
	e := newEnv(t, true)
	if err := e.run("--plate", "京J97896", "--open"); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
	if len(e.opened) != 1 || !strings.Contains(e.Out.String(), strings.Replace(e.opened[0], tok.Value, "****", 1)) || !strings.Contains(e.opened[0], "SelectInsuranceNew") {
		t.Fatalf("opened %v; stdout %q", e.opened, e.Out.String())
	}
	// No opener installed: the lookup still succeeds and stderr says so.
	e.reset()
	cmd := NewCmdRenew(e.F, func(o *Options) error {
		o.Browser = func(string) error { return errNoOpenerForTest }
		return Run(o)
	})
	cmd.SetArgs([]string{"--plate", "京J97896", "--open"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "could not open the page in a browser: no browser opener found") || !strings.Contains(e.ErrOut.String(), "--show-secrets") {
		t.Fatalf("stderr %q", e.ErrOut.String())
	}
}

type testErr string

func (e testErr) Error() string { return string(e) }

var errNoOpenerForTest = testErr("no browser opener found (xdg-open is not installed)")

func TestOpenerChoice(t *testing.T) {
	for _, c := range []struct{ goos, name, args string }{
		{"linux", "xdg-open", "[]"}, {"darwin", "open", "[]"}, {"windows", "rundll32", "[url.dll,FileProtocolHandler]"},
	} {
		if name, args := systemOpener(c.goos); name != c.name || fmt.Sprint(args) != c.args {
			t.Errorf("%s: %s %v", c.goos, name, args)
		}
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	// $BROWSER as other tools read it: a colon-separated list whose first
	// installed command wins, %s standing for the page.
	for _, c := range []struct{ env, args string }{
		{"sh --new-tab", "[--new-tab /p.html]"},
		{"no-such-browser-x:sh --new-window %s", "[--new-window /p.html]"},
		{"sh 100%% %s", "[100% /p.html]"},
	} {
		path, args, err := findOpener("linux", c.env, "/p.html")
		if err != nil || path != sh || fmt.Sprint(args) != c.args {
			t.Errorf("%q: %s %v %v, want %s %s", c.env, path, args, err, sh, c.args)
		}
	}
	if _, _, err := findOpener("linux", "no-such-browser-x:no-such-browser-y", "/p.html"); err == nil ||
		!strings.Contains(err.Error(), "no-such-browser-x, no-such-browser-y") {
		t.Errorf("none installed: %v", err)
	}
}

// `renew ... -o json --jq .quotePageUrl`, the help's example: the link is
// printed masked, and a terminal's stderr says so and how to get a usable
// one; --show-secrets prints the usable link (the sandbox opens it) and
// stderr says to keep it private; with stderr in a pipe, stderr stays
// empty.
func TestQuotePageLinkMaskedOrUsable(t *testing.T) {
	w := &env{Env: cmdtest.New(t, cmdtest.Options{TTY: true})}
	w.F.IOStreams.SetStdoutTTY(false) // insure renew ... --jq .quotePageUrl | pbcopy
	w.F.Globals.Output, w.F.Globals.JQ = "json", ".quotePageUrl"
	if err := w.run("--plate", "粤B12346"); err != nil {
		t.Fatal(err)
	}
	masked := strings.TrimSpace(w.Out.String())
	if !strings.Contains(masked, "/DoQuote/SelectInsuranceNew?Token=****&RenewalToken=") {
		t.Fatalf("stdout %q, want the masked quote page link", masked)
	}
	if status, _ := fetch(t, masked); status == 200 {
		t.Errorf("the masked link opens the page")
	}
	notice := w.ErrOut.String()
	if strings.Count(notice, "\n") != 1 {
		t.Errorf("want one line on stderr, got %q", notice)
	}
	for _, want := range []string{"masked", "--open", "--show-secrets"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice lacks %q: %q", want, notice)
		}
	}

	w.Reset()
	w.F.Globals.ShowSecrets = true
	if err := w.run("--plate", "粤B12346"); err != nil {
		t.Fatal(err)
	}
	usable := strings.TrimSpace(w.Out.String())
	if strings.Contains(usable, "****") || !strings.Contains(usable, "/DoQuote/SelectInsuranceNew?Token=") {
		t.Fatalf("--show-secrets printed %q, want the link with the login token", usable)
	}
	if status, body := fetch(t, usable); status != 200 {
		t.Errorf("the printed link does not open: %d %s", status, body)
	}
	if n := w.ErrOut.String(); strings.Contains(n, "masked") || !strings.Contains(n, "keep them private") {
		t.Errorf("stderr with --show-secrets: %q", n)
	}
	noSecret(t, w)

	// A script's stderr: nothing added.
	w.Reset()
	w.F.Globals.ShowSecrets = false
	w.F.IOStreams.SetStderrTTY(false)
	if err := w.run("--plate", "粤B12346"); err != nil {
		t.Fatal(err)
	}
	if w.ErrOut.Len() != 0 || !strings.Contains(w.Out.String(), "Token=****") {
		t.Errorf("in a pipe: stdout %q, stderr %q", w.Out.String(), w.ErrOut.String())
	}
}

// Without a vehicle the error names the flags to give, with an example:
// a field error ("plate: give a plate, ...") left the user to guess them.
func TestNoVehicleNamesTheFlags(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := newEnv(t, tty)
		err := e.run()
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		msg := e.ErrOut.String()
		for _, want := range []string{"--plate", "--vin", "--engine", "renew --plate ", "京J97896"} {
			if !strings.Contains(msg, want) {
				t.Errorf("tty %v: stderr lacks %q: %q", tty, want, msg)
			}
		}
		if len(e.paths()) != 0 {
			t.Fatalf("sent %v", e.paths())
		}
	}
}
