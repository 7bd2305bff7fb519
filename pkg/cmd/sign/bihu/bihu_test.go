package bihu

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	provider "github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// The document's example token and timestamp; the expected codes are the
// ones docs/providers/bihu.md gives and providers/bihu/sign_test.go checks.
const (
	docToken = "4773EEC3EE9B572851C11DF730DCE827"
	docTime  = "1489044754"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdBihu(e.F)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func result(t *testing.T, e *cmdtest.Env) Result {
	t.Helper()
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("stdout is not JSON: %q", e.Out.String())
	}
	return r
}

func noSecret(t *testing.T, e *cmdtest.Env, secrets ...string) {
	t.Helper()
	all := e.Out.String() + e.ErrOut.String()
	for _, s := range append(secrets, bihusb.TestSecretKey) {
		if strings.Contains(all, s) {
			t.Fatalf("a secret reached the output:\n%s", all)
		}
	}
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	capture := func(o *Options) error { got = o; return nil }
	cmd := NewCmdLogin(e.F, capture)
	cmd.SetArgs([]string{"--agent-id", "7", "--username", "u", "--timestamp", "1", "--session-timeout", "2h", "--secret-stdin", "--verify", "AB", "--hex-case", "lower"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Operation != "login" || got.AgentID != "7" || got.Username != "u" || got.Timestamp != "1" || got.SessionTimeout != "2h" ||
		!got.SecretStdin || got.Verify != "AB" || got.HexCase != "lower" {
		t.Fatalf("%+v", got)
	}
	cmd = NewCmdRenew(e.F, capture)
	cmd.SetArgs([]string{"LicenseNo=京J97896", "TimeStamp=1", "--verify", "CD"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Operation != "renew" || strings.Join(got.Params, " ") != "LicenseNo=京J97896 TimeStamp=1" || got.Verify != "CD" {
		t.Fatalf("%+v", got)
	}
	cmd = NewCmdRenew(e.F, capture)
	cmd.SetArgs(nil)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("renew without parameters: %v", err)
	}
}

func TestLoginFromSandboxProfileInPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "login", "--timestamp", docTime); err != nil {
		t.Fatal(err)
	}
	r := result(t, e)
	if r.SecCode != "46008B1AE6A9AAE896529428AFB124F8" || r.HexCase != "upper" ||
		r.Canonical != "agentId=102&userName=insure-test&secretKey=****&timestamp=1489044754&timeout=7200" {
		t.Fatalf("%+v", r)
	}
	noSecret(t, e)
	if len(e.Received()) != 0 || e.ErrOut.Len() != 0 {
		t.Fatalf("sent %v, stderr %q", e.ReceivedPaths(), e.ErrOut.String())
	}
}

func TestLoginSecretFromStdinNeedsNoProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	e.In.WriteString(bihusb.TestSecretKey + "\n")
	if err := run(e, "login", "--agent-id", "102", "--username", "insure-test", "--timestamp", docTime, "--session-timeout", "2h", "--secret-stdin", "--hex-case", "lower"); err != nil {
		t.Fatal(err)
	}
	if r := result(t, e); r.SecCode != "46008b1ae6a9aae896529428afb124f8" || r.HexCase != "lower" {
		t.Fatalf("%+v", r)
	}
	noSecret(t, e)
}

func TestRenewOnTerminalAndVerify(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetColorEnabled(false)
	args := []string{"renew", "licenseno=京J97896", "CityCode=1", "Token=" + docToken, "TimeStamp=" + docTime}
	if err := run(e, args...); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"SecCode:   80CF69548DB7815D8925714377AF0846", "hex case:  upper",
		"AgentId=102&CityCode=1&LicenseNo=京J97896&secretKey=****&TimeStamp=1489044754&Token=****"} {
		if !strings.Contains(out, want) {
			t.Fatalf("lacks %q:\n%s", want, out)
		}
	}
	noSecret(t, e, docToken)

	e.Reset()
	if err := run(e, append(args, "--verify", "80cf69548db7815d8925714377af0846")...); err != nil || !strings.Contains(e.Out.String(), "verify:    match") {
		t.Fatalf("lower-case hex should verify: %v\n%s", err, e.Out.String())
	}
	e.Reset()
	err := run(e, append(args, "--verify", "00000000000000000000000000000000")...)
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(e.Out.String(), "MISMATCH") || !strings.Contains(e.Out.String(), "string hashed") {
		t.Fatalf("mismatch: exit %d\n%s", cmdutil.ExitCode(err), e.Out.String())
	}
}

func TestRenewByVINShowSecretsAndStandIn(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.ShowSecrets = true
	if err := run(e, "renew", "CarVin=LS4ASE2A2GJ137027", "EngineNo=2192209", "CityCode=1", "Token="+docToken, "TimeStamp="+docTime); err != nil {
		t.Fatal(err)
	}
	r := result(t, e)
	if r.SecCode != "E938DCFBB297BF615849C6B0D6E0539B" || r.Params["Token"] != docToken || !strings.HasSuffix(r.Canonical, "Token="+docToken) {
		t.Fatalf("%+v", r)
	}
	e.Reset()
	e.F.Globals.ShowSecrets = false
	if err := run(e, "renew", "LicenseNo=京J97896", "CityCode=1", "Token="+provider.DryRunToken); err != nil {
		t.Fatal(err)
	}
	if r := result(t, e); r.Params["Token"] != provider.DryRunToken || r.Params["TimeStamp"] == "" {
		t.Fatalf("%+v", r)
	}
}

func TestRenewDefaultsTimeStampToNowAndWarnsOfUnknownKeys(t *testing.T) {
	now := time.Unix(1489044754, 0)
	e := cmdtest.New(t, cmdtest.Options{Now: func() time.Time { return now }})
	if err := run(e, "renew", "LicenseNo=京J97896", "CityCode=1", "Token="+docToken, "Extra=1"); err != nil {
		t.Fatal(err)
	}
	r := result(t, e)
	if r.Params["TimeStamp"] != docTime || r.Params["Extra"] != "1" || !strings.Contains(r.Canonical, "&Extra=1&") {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(e.ErrOut.String(), "Extra: not a renewal parameter") {
		t.Fatalf("stderr %q", e.ErrOut.String())
	}
}

func TestRenewBadArgumentsAllNamedAndSecretNeverAFlag(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "renew", "secretKey=x", "SecCode=y", "plate", "LicenseNo=a", "LICENSENO=b", "TimeStamp=soon", "--hex-case", "mixed")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"secretKey: never goes on the command line", "SecCode: is the result", `"plate": is not KEY=VALUE`, "LICENSENO: is given twice", "TimeStamp: is unix seconds", "--hex-case: must be upper or lower"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if e.Out.Len() != 0 {
		t.Fatalf("stdout %q", e.Out.String())
	}
}

func TestMissingSecretIsUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	err := run(e, "login", "--agent-id", "1", "--username", "u")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "INSURE_BIHU_SECRET_KEY") {
		t.Fatalf("%v", err)
	}
	t.Setenv("INSURE_BIHU_SECRET_KEY", bihusb.TestSecretKey)
	t.Setenv("INSURE_BIHU_AGENT_ID", "102")
	e.Reset()
	if err := run(e, "renew", "LicenseNo=京J97896", "CityCode=1", "Token="+docToken, "TimeStamp="+docTime); err != nil {
		t.Fatal(err)
	}
	if r := result(t, e); r.SecCode != "80CF69548DB7815D8925714377AF0846" {
		t.Fatalf("from the environment alone: %+v", r)
	}
}

// Parameters no renewal would send (an empty Token, no city, no vehicle)
// are still signed, for whoever debugs another client's request, but
// stderr says that no request insure sends has this SecCode; a whole
// renewal gets no such warning. (No Token at all is the cached session's.)
func TestRenewWarnsWhatEveryRenewalCarries(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "renew", "LicenseNo=京J97896", "Token=", "TimeStamp="+docTime); err != nil {
		t.Fatal(err)
	}
	if got := result(t, e); got.SecCode == "" {
		t.Errorf("no SecCode: %+v", got)
	}
	if !strings.Contains(e.ErrOut.String(), "no Token, CityCode: every renewal insure sends carries them") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	e = cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "renew", "CityCode=1", "Token="+docToken, "CarVin=LS4ASE2A2GJ137027", "TimeStamp="+docTime); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "no LicenseNo (or CarVin and EngineNo)") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	e = cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "renew", "LicenseNo=京J97896", "CityCode=1", "Token="+docToken, "TimeStamp="+docTime); err != nil {
		t.Fatal(err)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("a whole renewal warned: %q", e.ErrOut.String())
	}
}
