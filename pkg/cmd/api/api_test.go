package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdAPI(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdAPI(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"sunshine", "105", "-f", "x.yaml", "--session", "S", "--set", "vehicleInfo.seats=5", "--raw-xml"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Provider != "sunshine" || got.Operation != "105" || got.File != "x.yaml" || got.Session != "S" || !got.RawXML || got.Sets[0] != "vehicleInfo.seats=5" {
		t.Fatalf("%+v", got)
	}
}

func TestOtherProvidersAreUsageErrors(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, p := range []string{"ebao", "bihu", "paoding", "nope"} {
		if err := run(e, p, "x"); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%s: exit %d %v", p, cmdutil.ExitCode(err), err)
		}
	}
	if err := run(e, "sunshine", "999"); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("%v", err)
	}
}

func TestColorsTableOnTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "sunshine", "050"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"status:", "100 (done)", "#ff8700", "KEY"} {
		if !strings.Contains(e.Out.String(), s) {
			t.Errorf("%q not in %s", s, e.Out.String())
		}
	}
}

// 100 from the example file with --set, JSON in a pipe: the form comes
// back as controls, and the session is kept for the guided commands.
func TestBasicInfoFromExampleWithSet(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "sunshine", "100", "-f", "../../../examples/sunshine/100.yaml", "--set", "vehicleInfo.cityCode=07518800"); err != nil {
		t.Fatal(err)
	}
	var v shared.ResponseView
	if err := json.Unmarshal(e.Out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Status != "200" || len(v.Forms) == 0 || v.Forms[0].Controls[1].Key != "vehicleFrameNo" {
		t.Fatalf("%+v", v)
	}
	s, err := shared.RecordSessions{Store: e.Store}.Load(t.Context(), config.SandboxProfile, v.SessionID)
	if err != nil || s.City != "07518800" || s.Pending != "100" {
		t.Fatalf("%+v %v", s, err)
	}
	// A session step without a SessionId is refused before sending.
	e.Reset()
	if err := run(e, "sunshine", "105"); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("%v", err)
	}
}

func TestRawXMLAndOutputs(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := t.TempDir()
	req := filepath.Join(dir, "req.xml")
	doc := `<?xml version="1.0" encoding="UTF-8"?><PackageList><Package><Header><Version>2</Version><RequestType>050</RequestType><Status>100</Status>` +
		`<SessionId>20260302100000123456</SessionId><SellerId>3597746367</SellerId><AgentCode>W03210001</AgentCode><SendTime>2015-01-21 20:15:24</SendTime></Header>` +
		`<Request><InputsList><Inputs type="x"><input name="licenseNo">京A12345</input></Inputs></InputsList></Request></Package></PackageList>`
	if err := os.WriteFile(req, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Output = "raw"
	if err := run(e, "sunshine", "050", "--raw-xml", "-f", req); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `encoding="GBK"`) {
		t.Fatalf("%s", e.Out.String())
	}
	e.Reset()
	e.F.Globals.Output = "xml"
	if err := run(e, "sunshine", "050", "--raw-xml", "-f", req); err != nil || !strings.Contains(e.Out.String(), `encoding="UTF-8"`) {
		t.Fatalf("%v %s", err, e.Out.String())
	}
	if err := run(e, "sunshine", "050", "--raw-xml", "-f", req, "--set", "a=b"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("--raw-xml with --set: %v", err)
	}
}

func TestTamperedAnswerIsExit6(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "sunshine=tamper"})
	// The fault changes the signed <Response>, so it is the signature that
	// fails, not the parsing.
	if err := run(e, "sunshine", "050"); cmdutil.ExitCode(err) != 6 || !strings.Contains(err.Error(), "signature does not verify") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// brandFactoryId 20.0 is a number, but not the whole number Paoding
// takes: the rule says so, nothing is sent.
func TestPaodingBrandFactoryIDIsAWholeNumber(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "paoding", "report.buy", "--set", "vin=LSVAU2180N2183294", "--set", "brandFactoryId=20.0",
		"--set", "orderId=W-1", "--set", "notifyUrl=http://127.0.0.1:1/n")
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !strings.Contains(err.Error(), "is a whole number, the factory's id (got 20.0)") {
		t.Errorf("exit %d, %d sent: %v", cmdutil.ExitCode(err), len(e.Received()), err)
	}
	err = run(e, "paoding", "brandFactory.get", "--set", "brandFactoryId=20.0")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `a whole number, the factory's id (got "20.0")`) || strings.Contains(err.Error(), "is required") {
		t.Errorf("brandFactory.get: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if err := run(e, "paoding", "brandFactory.get"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "is required") {
		t.Errorf("brandFactory.get without the id: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
