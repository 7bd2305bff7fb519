package doctor_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/doctor"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := doctor.NewCmdDoctor(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestFlagsAreParsed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *doctor.Options
	cmd := doctor.NewCmdDoctor(e.F, func(o *doctor.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--provider", "EBAO"})
	if err := cmd.Execute(); err != nil || got.Provider != "ebao" {
		t.Fatalf("%v %+v", err, got)
	}
	cmd = doctor.NewCmdDoctor(e.F, func(*doctor.Options) error { return nil })
	cmd.SetArgs([]string{"--provider", "nope"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("unknown provider: %v", err)
	}
}

func TestSandboxPassesEveryCheckInAPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	var rep doctor.Report
	if err := json.Unmarshal(e.Out.Bytes(), &rep); err != nil || !rep.OK || rep.Profile != "sandbox" {
		t.Fatalf("%v %s", err, e.Out)
	}
	creds := map[string]bool{}
	for _, c := range rep.Checks {
		if c.Status == "fail" {
			t.Errorf("failed: %+v", c)
		}
		if c.Name == "credentials" && c.Status == "pass" {
			creds[c.Provider] = true
		}
	}
	if len(creds) != 4 {
		t.Fatalf("credentials proved for %v", creds)
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "issuance") || strings.Contains(p, "report/buy") || strings.Contains(p, "cancellation") {
			t.Fatalf("doctor acted: %v", e.ReceivedPaths())
		}
	}
}

func TestTerminalChecklist(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "--provider", "paoding"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"Profile sandbox", "✓ paoding settings: endpoint from sandbox", "✓ paoding credentials: logged in", "every check passed"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "ebao") {
		t.Errorf("--provider paoding checked ebao:\n%s", out)
	}
}

// A broken profile lists every problem with the setting and where its
// value came from, and exits with the first failure's code.
func TestBrokenProfileNamesEachProblemAndItsSource(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"broken": {
		"ebao":    {"endpoint": e.Sandbox.Endpoint("ebao"), "access-key": ebaosb.TestAccessKey, "secret-key": "not-the-secret"},
		"paoding": {"endpoint": "http://127.0.0.1:1", "username": "someone"},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "broken"
	t.Setenv("INSURE_PAODING_PASSWORD", "from-the-environment")
	err := run(e)
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	var rep doctor.Report
	if err := json.Unmarshal(e.Out.Bytes(), &rep); err != nil || rep.OK {
		t.Fatalf("%v %s", err, e.Out)
	}
	failed := map[string]doctor.Check{}
	for _, c := range rep.Checks {
		if c.Status == "fail" {
			failed[c.Provider+" "+c.Name] = c
		}
	}
	if c := failed["paoding endpoint"]; c.Setting != "paoding.endpoint" || c.Source != "file" || !strings.Contains(c.Detail, "127.0.0.1:1") {
		t.Errorf("paoding endpoint: %+v", c)
	}
	if c := failed["ebao credentials"]; !strings.Contains(c.Hint, "ebao.secret-key (from file)") {
		t.Errorf("ebao credentials: %+v", c)
	}
	if _, ok := failed["paoding credentials"]; ok {
		t.Error("credentials were tried against an endpoint that does not connect")
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), "not-the-secret") || strings.Contains(e.Out.String(), "from-the-environment") {
		t.Fatal("a secret reached the output")
	}
	// The file's permissions are checked too.
	if err := os.Chmod(e.Config.Path, 0o644); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	if err := run(e, "--provider", "ebao"); cmdutil.ExitCode(err) != 2 || !strings.Contains(e.Out.String(), "chmod 600 "+filepath.Clean(e.Config.Path)) {
		t.Fatalf("mode: %v\n%s", err, e.Out)
	}
}

func reportOf(t *testing.T, out []byte) (doctor.Report, map[string]doctor.Check) {
	t.Helper()
	var rep doctor.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	byName := map[string]doctor.Check{}
	for _, c := range rep.Checks {
		byName[strings.TrimSpace(c.Provider+" "+c.Name+" "+c.Setting)] = c
	}
	return rep, byName
}

// A profile whose file holds an unknown key or a bad value is checked
// setting by setting: each problem with its setting and fix, the profile
// named, exit 2. It used to be one line telling the user to select
// another profile.
func TestProfileWithBadSettingsListsEachOne(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"half": {
		"paoding": {"endpoint": e.Sandbox.Endpoint("paoding"), "username": "sandbox-4s", "pasword": "Typo-Secret-42"},
		"ebao":    {"endpoint": "ftp://e.example"},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "HALF"
	err := run(e)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	rep, got := reportOf(t, e.Out.Bytes())
	if rep.Profile != "half" || rep.OK {
		t.Errorf("report: %+v", rep)
	}
	if c := got["profile setting paoding.pasword"]; c.Status != "fail" || !strings.Contains(c.Detail, "did you mean password?") ||
		!strings.Contains(c.Hint, "paoding.password") || !strings.Contains(c.Hint, "insure profile add half --set") {
		t.Errorf("paoding.pasword: %+v", c)
	}
	if c := got["profile setting ebao.endpoint"]; c.Status != "fail" || !strings.Contains(c.Detail, "http://") || c.Hint == "" {
		t.Errorf("ebao.endpoint: %+v", c)
	}
	if strings.Contains(e.Out.String(), "select a profile with -p NAME") {
		t.Errorf("tells the user to pick another profile:\n%s", e.Out)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), "Typo-Secret-42") {
		t.Fatal("the misspelt secret's value reached the output")
	}
}

// A secret kept in the keyring but overridden from the environment is
// never read from the keyring: the check must not say it was.
func TestKeyringCheckDoesNotClaimToReadWhatTheEnvironmentOverrides(t *testing.T) {
	e := keyringProfile(t)
	// The keyring holds nothing: reading it would fail.
	t.Setenv("INSURE_EBAO_SECRET_KEY", ebaosb.TestSecretKey)
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	_, got := reportOf(t, e.Out.Bytes())
	c := got["keyring"]
	if c.Status != "skip" || strings.Contains(c.Detail, "read ebao.secret-key") || !strings.Contains(c.Detail, "INSURE_EBAO_SECRET_KEY overrides it") {
		t.Errorf("keyring: %+v", c)
	}
	if strings.Contains(e.Out.String(), ebaosb.TestSecretKey) {
		t.Fatal("the secret reached the output")
	}
}

// keyringProfile selects a profile "kr" whose eBao secret key is kept in
// the keyring.
func keyringProfile(t *testing.T) *cmdtest.Env {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"kr": {
		"ebao": {"endpoint": e.Sandbox.Endpoint("ebao"), "access-key": ebaosb.TestAccessKey, "secret-key": config.KeyringMarker},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "kr"
	return e
}

// noKeyring is a machine without a usable OS keyring (no D-Bus session: a
// server, a container).
type noKeyring struct{}

func (noKeyring) Get(string, string) (string, error) { return "", errors.New("no dbus session bus") }
func (noKeyring) Set(string, string, string) error   { return errors.New("no dbus session bus") }
func (noKeyring) Delete(string, string) error        { return errors.New("no dbus session bus") }

// A keyring that cannot be read is exit 2, as DESIGN.md's table and every
// command have it (profile add --keyring, a request reading the secret):
// the machine's setup, not credentials a provider refused. doctor said 3.
func TestUnreadableKeyringIsExit2(t *testing.T) {
	e := keyringProfile(t)
	e.F.Keyring = func() config.Keyring { return noKeyring{} }
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	rep, got := reportOf(t, e.Out.Bytes())
	c := got["keyring ebao.secret-key"]
	if rep.OK || c.Status != "fail" || !strings.Contains(c.Detail, "could not be read") ||
		!strings.Contains(c.Hint, "INSURE_EBAO_SECRET_KEY") || !strings.Contains(c.Hint, "0600 config file") {
		t.Errorf("keyring: %+v", c)
	}
	if !strings.Contains(err.Error(), "the first: keyring") {
		t.Errorf("summary %v", err)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), ebaosb.TestSecretKey) {
		t.Fatal("a secret reached the output")
	}
}

// A config file that cannot be read at all (its permissions, a path
// through a file) was met with "fix the file's YAML": the hint is about
// reading the file.
func TestUnreadableConfigFileHintIsNotAboutYAML(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Config = func() (*config.Config, error) {
		return nil, &os.PathError{Op: "open", Path: "/etc/insure/config.yaml", Err: os.ErrPermission}
	}
	err := run(e)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	_, got := reportOf(t, e.Out.Bytes())
	c := got["config file"]
	if c.Status != "fail" || strings.Contains(c.Hint, "YAML") || !strings.Contains(c.Hint, "permissions") {
		t.Errorf("config file: %+v", c)
	}
}

// A client that cannot be built because the state directory (tokens, the
// journal) is not writable was told to "set what is missing with insure
// configure": the hint names the state directory instead.
func TestStateDirectoryFailureIsNotASettingsHint(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Client = func(string) (any, error) {
		return nil, &os.PathError{Op: "mkdir", Path: "/var/state/insure", Err: os.ErrPermission}
	}
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 1 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	_, got := reportOf(t, e.Out.Bytes())
	c := got["ebao settings"]
	if c.Status != "fail" || strings.Contains(c.Hint, "set what is missing") || !strings.Contains(c.Hint, "INSURE_STATE_DIR") {
		t.Errorf("settings: %+v", c)
	}
}

// The credentials check logs in: a cached token says nothing of the
// password the profile holds now. A wrong password used to pass while a
// token from the right one was cached.
func TestPaodingCredentialsCheckLogsInDespiteACachedToken(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"p": {
		"paoding": {"endpoint": e.Sandbox.Endpoint("paoding"), "username": paodingsb.TestUsername, "password": "Wrong-Password-1"},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	cached := &tokencache.Token{Value: "0123456789abcdef0123456789abcdef", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := e.Store.TokenCache("p", "paoding").Save(t.Context(), cached); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "p"
	err := run(e, "--provider", "paoding")
	if cmdutil.ExitCode(err) != 3 {
		t.Fatalf("exit %d, want 3 (the password is refused): %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	if _, got := reportOf(t, e.Out.Bytes()); got["paoding credentials"].Status != "fail" {
		t.Errorf("credentials: %+v", got["paoding credentials"])
	}
}

// The same for Bihu: with a session opened under the right secret key
// cached, a wrong key passed the check (nothing was sent) while every
// lookup was refused with 406.
func TestBihuCredentialsCheckLogsInDespiteACachedSession(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	endpoint := e.Sandbox.Endpoint("bihu")
	e.Config.File.Profiles = map[string]map[string]config.Section{"b": {
		"bihu": {"endpoint": endpoint, "agent-id": bihusb.TestAgentID, "username": bihusb.TestUsername, "secret-key": "Wrong-Secret-Key-1"},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	// A session opened with the right key, cached for the profile, as an
	// earlier command would have left it.
	right := bihu.New(bihu.Config{BaseURL: endpoint, AgentID: bihusb.TestAgentID, Username: bihusb.TestUsername,
		SecretKey: bihusb.TestSecretKey, Tokens: e.Store.TokenCache("b", "bihu")})
	if _, err := right.Token(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "b"
	err := run(e, "--provider", "bihu")
	if cmdutil.ExitCode(err) != 3 {
		t.Fatalf("exit %d, want 3 (the key is refused): %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	if _, got := reportOf(t, e.Out.Bytes()); got["bihu credentials"].Status != "fail" {
		t.Errorf("credentials: %+v", got["bihu credentials"])
	}
}

// ebaoDoctor runs doctor --provider ebao on a profile whose endpoint is
// endpoint, with the sandbox's keys, and returns its exit code and the
// credentials check.
func ebaoDoctor(t *testing.T, e *cmdtest.Env, endpoint string) (int, doctor.Check) {
	t.Helper()
	e.Config.File.Profiles = map[string]map[string]config.Section{"p": {"ebao": {
		"endpoint": endpoint, "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "p"
	err := run(e, "--provider", "ebao")
	_, got := reportOf(t, e.Out.Bytes())
	return cmdutil.ExitCode(err), got["ebao credentials"]
}

// ebaoServer answers every request with status and body, unsigned.
func ebaoServer(t *testing.T, status int, ctype, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// An eBao answer without its signature header is taken (the profile does
// not require one) but verifies nothing: the credentials check says so.
// It used to say the answer's signature verified.
func TestEbaoCredentialsCheckSaysAnUnsignedAnswerWasNotVerified(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	_, c := ebaoDoctor(t, e, ebaoServer(t, http.StatusOK, "application/json", `{"quotationNumber":"Q1","fee":{"APP":2016}}`))
	if strings.Contains(c.Detail, "signature verified") || !strings.Contains(c.Detail, "not verified") {
		t.Errorf("credentials: %+v", c)
	}
}

// The same for a refusal: a gateway's unsigned HTML 400 page was reported
// as "the signed answer verified". A signed refusal (the sandbox's) still
// proves the keys.
func TestEbaoCredentialsCheckSaysAnUnsignedRefusalProvesNoKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	_, c := ebaoDoctor(t, e, ebaoServer(t, http.StatusBadRequest, "text/html", `<html><body>Bad Request</body></html>`))
	if strings.Contains(c.Detail, "verified") || !strings.Contains(c.Detail, "unsigned answer") {
		t.Errorf("credentials: %+v", c)
	}
}

// An endpoint whose path is wrong answers 404: that is no quotation
// service, and nothing checked the credentials. The check fails and
// points at the endpoint; it passed as "refused by an unsigned answer".
func TestEbaoCredentialsCheckFailsOnAWrongPath(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	code, c := ebaoDoctor(t, e, e.Sandbox.Endpoint("ebao")+"/wrongpath")
	if c.Status != "fail" || !strings.Contains(c.Hint, "endpoint") || code == 0 {
		t.Errorf("exit %d, credentials: %+v", code, c)
	}
}
