package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// dryBodies is the bodies of the requests a dry run printed in a pipe,
// one JSON object a request (httpx.DryRunRequest), one a line.
func dryBodies(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	var b strings.Builder
	for _, d := range cmdtest.JSONLines[httpx.DryRunRequest](t, e.Out.String()) {
		b.WriteString(d.Body + "\n")
	}
	return b.String()
}

// The documented worked example: login.json's fixed timestamp is the one
// signed, so a dry run shows its secCode; --set replaces a value of the
// file, as for the other operations.
func TestBihuLoginSignsTheGivenTimestamp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.ShowSecrets = true, true
	if err := run(e, "bihu", "login", "-f", examplesDir+"bihu/login.json"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	if out := dryBodies(t, e); !strings.Contains(out, `"timestamp":"1489044754"`) || !strings.Contains(out, "46008B1AE6A9AAE896529428AFB124F8") {
		t.Fatalf("not the worked example: %s", out)
	}
	e.Reset()
	if err := run(e, "bihu", "login", "-f", examplesDir+"bihu/login.json", "--set", "timestamp=1489044755"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	if out := dryBodies(t, e); !strings.Contains(out, `"timestamp":"1489044755"`) || strings.Contains(out, "46008B1AE6A9AAE896529428AFB124F8") {
		t.Fatalf("--set timestamp was not signed: %s", out)
	}
	if len(e.Received()) != 0 {
		t.Fatalf("a dry run sent %v", e.ReceivedPaths())
	}
}

// Sent, the old timestamp opens a session like any login: it lasts its
// timeout from now, and the next command uses it instead of logging in.
func TestBihuLoginWithAPastTimestampCachesAUsableSession(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "bihu", "login", "-f", examplesDir+"bihu/login.json"); err != nil {
		t.Fatal(err)
	}
	var v struct {
		ExpiresAt time.Time `json:"expires_at"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil || time.Until(v.ExpiresAt) < time.Hour {
		t.Fatalf("expires %v (%v): %s", v.ExpiresAt, err, e.Out)
	}
	e.Reset()
	if err := run(e, "bihu", "renewal", "-f", examplesDir+"bihu/renew-by-plate.json"); err != nil {
		t.Fatal(err)
	}
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/login") {
			t.Fatalf("the session was not reused: %v", e.ReceivedPaths())
		}
	}
}

// What a login cannot sign as given is refused, not dropped: secCode is
// computed, the secret key never travels in a file, names must be the
// login's. Nothing is sent.
func TestBihuLoginRefusesWhatItCannotSign(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, set := range []string{"secCode=46008B1AE6A9AAE896529428AFB124F8", "secretKey=x", "LicenseNo=京J97896", "timestamp=1489044754000.0", "timeout=0"} {
		err := run(e, "bihu", "login", "--set", set)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), strings.SplitN(set, "=", 2)[0]) {
			t.Errorf("--set %s: exit %d: %v", set, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}

// signout says what happened: with no cached session nothing is sent and
// nothing claims a sign-out (exit 0, as token clear: no session is held);
// after a login, Bihu's acceptance is reported. It takes no input.
func TestBihuSignOutSaysWhatHappened(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	type view struct {
		SignedOut bool   `json:"signedOut"`
		Sent      bool   `json:"sent"`
		Outcome   string `json:"outcome"`
	}
	signOut := func() view {
		t.Helper()
		e.Reset()
		if err := run(e, "bihu", "signout"); err != nil {
			t.Fatal(err)
		}
		var v view
		if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
			t.Fatalf("%v: %s", err, e.Out)
		}
		return v
	}
	if v := signOut(); v.SignedOut || v.Sent || v.Outcome != "no-session" || len(e.Received()) != 0 {
		t.Fatalf("no session: %+v, sent %v", v, e.ReceivedPaths())
	}
	if err := run(e, "bihu", "login"); err != nil {
		t.Fatal(err)
	}
	if v := signOut(); !v.SignedOut || !v.Sent || v.Outcome != "signed-out" || len(e.Received()) != 1 {
		t.Fatalf("after login: %+v, sent %v", v, e.ReceivedPaths())
	}
	if v := signOut(); v.SignedOut || v.Sent {
		t.Fatalf("signed out twice: %+v", v)
	}
	if err := run(e, "bihu", "signout", "--set", "token=x"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("--set: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A TimeStamp given to renewal is the one signed and sent, so a dry run
// reproduces the SecCode `insure sign bihu renew ... TimeStamp=...
// Token=DRY-RUN-TOKEN` prints; what the client fills in itself (SecCode,
// Token, AgentId) is refused, saying where it comes from, not replaced.
func TestBihuRenewalSignsTheGivenTimeStamp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.ShowSecrets = true, true
	if err := run(e, "bihu", "renewal", "-f", examplesDir+"bihu/renew-by-plate.json", "--set", "TimeStamp=1489044754"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	_, code := bihu.RenewalSecCode(map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": bihusb.TestAgentID,
		"Token": bihu.DryRunToken, "TimeStamp": "1489044754"}, bihusb.TestSecretKey, false)
	if out := dryBodies(t, e); !strings.Contains(out, `"TimeStamp":"1489044754"`) || !strings.Contains(out, `"SecCode":"`+code+`"`) {
		t.Fatalf("not signed over the given TimeStamp (want SecCode %s): %s", code, out)
	}
	e.F.Globals.DryRun, e.F.Globals.ShowSecrets = false, false
	for _, c := range []struct{ set, says string }{
		{"SecCode=80CF69548DB7815D8925714377AF0846", "computed by insure"},
		{"Token=4773EEC3EE9B572851C11DF730DCE827", "insure token show --provider bihu"},
		{"AgentId=7", "bihu.agent-id"},
		{"TimeStamp=soon", "unix seconds"},
		{"TimeStamp=1489044754000", "not milliseconds"},
	} {
		e.Reset()
		err := run(e, "bihu", "renewal", "-f", examplesDir+"bihu/renew-by-plate.json", "--set", c.set)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), c.says) || len(e.Received()) != 0 {
			t.Errorf("--set %s: exit %d, sent %v: %v", c.set, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
	}
}

// Through api a plate can be sent with another region's city; Bihu's 206
// is then about the region, and the hint says so instead of sending the
// user to complete licence details.
func TestBihuRenewalAcrossRegionsSaysWhichCity(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "bihu", "renewal", "--set", "LicenseNo=京J97896", "--set", "CityCode=6")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, "cannot cross regions") || !strings.Contains(j, "CityCode=1") || strings.Contains(j, "ReplenishInfo") {
		t.Errorf("error %s", j)
	}
}

// A 206 through api says where to complete the licence details and how to
// get the session token the page needs; it points at nothing the output
// does not have (api prints no replenishUrl), and the token stays masked.
func TestBihuRenewal206HintSaysHowToGetTheToken(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "bihu", "renewal", "--set", "LicenseNo=京A12345", "--set", "CityCode=1")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	j := string(cmdutil.ErrorJSON(err))
	if !strings.Contains(j, "ReplenishInfo?Token=****") || !strings.Contains(j, "insure token show --provider bihu --show-secrets") {
		t.Errorf("hint: %s", j)
	}
	if strings.Contains(j, "replenishUrl") && !strings.Contains(e.Out.String(), "replenishUrl") {
		t.Errorf("the hint names a replenishUrl the output does not have: %s\nstdout: %s", j, e.Out)
	}
	tok, terr := e.Store.TokenCache("sandbox", bihu.Provider).Load(t.Context())
	if terr != nil || tok == nil || tok.Value == "" {
		t.Fatalf("no cached session: %v", terr)
	}
	if strings.Contains(j+e.Out.String()+e.ErrOut.String(), tok.Value) {
		t.Error("the session token was printed")
	}
}

// The login's token is masked unless --show-secrets, as every token view
// is; --show-secrets used to print ******** all the same.
func TestBihuLoginTokenShownWithShowSecrets(t *testing.T) {
	for _, show := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.ShowSecrets = show
		if err := run(e, "bihu", "login"); err != nil {
			t.Fatal(err)
		}
		var v struct{ Token string }
		if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		if masked := strings.Trim(v.Token, "*") == ""; masked == show || v.Token == "" {
			t.Errorf("--show-secrets %v: token %q", show, v.Token)
		}
	}
}

// A token cached for another endpoint, agent or user is forgotten unsent
// (bihu.OtherScope); api bihu signout says that, not "no session was
// cached".
func TestBihuSignOutViewOfATokenFromElsewhere(t *testing.T) {
	v := signOutView(bihu.OtherScope)
	if v["sent"] != false || v["outcome"] != "other-scope" || !strings.Contains(v["message"].(string), "forgotten without being sent") {
		t.Fatalf("%v", v)
	}
}
