package quote

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

var newArgs = []string{"--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000"}

var vehicleSets = []string{"--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321", "--set", "vehicleId=XDAAMD0068",
	"--set", "firstRegisterDate=2020-05-06", "--set", "ownerIdNo=440106198001011230"}

// runSunshine runs `insure sunshine quote`, the alias of `insure quote
// --provider sunshine`.
func runSunshineQuote(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdSunshineQuote(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestSunshineAliasFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var opts *Options
	cmd := NewCmdSunshineQuote(e.F, func(o *Options) error { opts = o; return nil })
	cmd.SetArgs(append(newArgs, "--new-car", "--package", "optional", "--set", "a=b", "-f", "x.yaml", "--session", "S1"))
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got := opts.Sunshine
	if opts.Provider != "sunshine" || got.Plate != "冀A00021" || got.City != "07518800" || got.Owner != "张三" || got.Mobile != "13800000000" || !got.NewCar ||
		got.Package != "optional" || got.Session != "S1" || opts.File != "x.yaml" || len(opts.Sets) != 1 {
		t.Fatalf("%+v", opts)
	}
	if len(e.Received()) != 0 {
		t.Fatal("flag parsing sent a request")
	}
}

func TestSunshineBadFlagsListEveryFieldAndSendNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runSunshineQuote(e, "--plate", "X", "--city", "0751", "--mobile", "123", "--package", "gold")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, f := range []string{"--plate", "--city", "--owner", "--mobile", "--package"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("%s not named: %v", f, err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}

// In a pipe the lookup's form (095) must be answered by --set: exit 2
// naming each key and label, before any session is opened.
func TestSunshinePipeMissingLookupAnswers(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runSunshineQuote(e, newArgs...)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, s := range []string{"vehicleInfo.vehicleFrameNo", "车架号", "vehicleInfo.engineNo", "发动机号"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q not in %v", s, err)
		}
	}
	if n := len(e.Received()); n != 1 {
		t.Fatalf("want only the 095 lookup sent, got %d requests", n)
	}
}

// A form the platform sends back (105 status 200) stops a script with
// every control it asks for; the session is saved and --session resumes.
func TestSunshinePipeFormThenResumeQuotes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runSunshineQuote(e, append(newArgs, "--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321")...)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, s := range []string{"vehicleId", "车辆代码", "firstRegisterDate", "ownerIdNo", "--session"} {
		if !strings.Contains(err.Error()+string(cmdutil.ErrorJSON(err)), s) {
			t.Errorf("%q missing from %s", s, cmdutil.ErrorJSON(err))
		}
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 || list[0].Pending != "105" {
		t.Fatalf("session not saved with its pending form: %+v", list)
	}
	e.Reset()
	if err := runSunshineQuote(e, "--session", list[0].ID, "--set", "vehicleId=XDAAMD0068", "--set", "firstRegisterDate=2020-05-06", "--set", "ownerIdNo=440106198001011230"); err != nil {
		t.Fatal(err)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("stdout %q: %v", e.Out.String(), err)
	}
	// The documented luxury quote: commercial 411975, total 542975 fen.
	if r.Premiums["bizTotalPremium"].Fen != 411975 || r.Premiums["totalPremium"].Yuan != "5429.75" || r.Step != "105" || r.PackageType != "luxury" {
		t.Fatalf("%+v", r)
	}
	if e.ErrOut.Len() != 0 {
		t.Fatalf("stderr in a pipe: %q", e.ErrOut.String())
	}
}

func TestSunshineRequoteAndSave(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatal(err)
	}
	var r purchase.QuoteResult
	_ = json.Unmarshal(e.Out.Bytes(), &r)
	e.Reset()
	// 500000 is given without the ".00" of the option: it is matched.
	if err := runSunshineQuote(e, "--session", r.SessionID, "--package", "optional", "--set", "cov_600=500000", "--set", "cov_500=0"); err != nil {
		t.Fatal(err)
	}
	var r2 purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r2); err != nil {
		t.Fatal(err)
	}
	// luxury 411975 - theft 49400 - its waiver 0 + (1631-1359)*100*1.15 = 393855.
	if r2.Step != "115" || r2.PackageType != "optional" || r2.Premiums["bizTotalPremium"].Fen != 393855 || r2.Premiums["totalPremium"].Fen != 524855 || len(r2.Gifts) == 0 {
		t.Fatalf("%+v", r2)
	}
	e.Reset()
	err := runSunshineQuote(e, "--session", r.SessionID, "--set", "cov_921=1")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "cov_921") {
		t.Fatalf("an add-on without its main coverage: exit %d %v", cmdutil.ExitCode(err), err)
	}
}

func TestSunshineDeclinedVehicleIsExit4(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	args := append(append([]string{}, newArgs...), vehicleSets...)
	args = append(args, "--set", "vehicleFrameNo=LSVAM4187C2100300")
	err := runSunshineQuote(e, args...)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"300"`) {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
}

// On a terminal every control is a prompt: text with its default, select
// and radio with their options; hidden ones are kept until the platform
// asks for them.
func TestSunshineTerminalPromptsEveryControl(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = vehicleFormAnswers()
	if err := runSunshineQuote(e, newArgs...); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	out := e.Out.String()
	for _, s := range []string{"total to pay:", "5429.75 yuan", "车辆损失险", "1482.00"} {
		if !strings.Contains(out, s) {
			t.Errorf("%q not in table:\n%s", s, out)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "insure -p sandbox sunshine issue --session") {
		t.Errorf("no next step: %s", e.ErrOut.String())
	}
	asked := strings.Join(e.Prompts.Asked, "|")
	if strings.Contains(asked, "isOcr") || strings.Contains(asked, "车辆代码 (vehicleId)") || strings.Contains(asked, "vehicleModelName") ||
		strings.Contains(asked, "ownerName") || !strings.Contains(asked, "Vehicle model (2 found)") {
		t.Errorf("asked %v", e.Prompts.Asked)
	}
}

// vehicleFormAnswers answer the sandbox's vehicle form on a terminal, the
// model searched and picked.
func vehicleFormAnswers() map[string]any {
	return map[string]any{
		"车架号 (vehicleFrameNo)":                    "LSVAM4187C2184321",
		"发动机号 (engineNo)":                         "184321",
		"品牌型号 (vehicleModelName)":                 "",
		"座位数 (seats)":                             3, // 2,3,4,5: five seats
		"注册登记日期 (firstRegisterDate) [yyyy-mm-dd]": "2020-05-06",
		"是否过户车 (specialCarFlag)":                  1, // 否 = 0
		"过户日期 (specialCarDate) [yyyy-mm-dd]":      "",
		"车主 (ownerName)":                          "",
		"身份证号码 (ownerIdNo)":                       "440106198001011230",
		// The model is searched and picked, which fills the hidden vehicleId.
		"Vehicle model: search by brand, model or VIN": "Bora",
		"Vehicle model (2 found)":                      "一汽大众 1.6L 宝来(Bora) 自动档",
	}
}

func TestSunshineOutputXMLIsUTF8AndRawIsGBK(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "xml"
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `encoding="UTF-8"`) || !strings.Contains(e.Out.String(), "车辆损失险") {
		t.Fatalf("%s", e.Out.String())
	}
	e.Reset()
	e.F.Globals.Output = "raw"
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `encoding="GBK"`) || strings.Contains(e.Out.String(), "车辆损失险") {
		t.Fatalf("raw is not the GBK answer")
	}
}

// `insure quote --provider sunshine` and its alias `insure sunshine
// quote` are one command: the same answers give the same quote.
func TestSunshineProviderAndAliasQuoteAlike(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := runSunshineQuote(e, append(newArgs, vehicleSets...)...); err != nil {
		t.Fatal(err)
	}
	var alias purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &alias); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	if err := run(e, append([]string{"--provider", "sunshine"}, append(newArgs, vehicleSets...)...)...); err != nil {
		t.Fatal(err)
	}
	var primary purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &primary); err != nil {
		t.Fatal(err)
	}
	if primary.SessionID == alias.SessionID {
		t.Fatal("the second quote did not start its own session")
	}
	primary.SessionID, alias.SessionID = "", ""
	a, _ := json.Marshal(alias)
	p, _ := json.Marshal(primary)
	if string(a) != string(p) {
		t.Fatalf("alias %s\nprimary %s", a, p)
	}
	e.Reset()
	err := run(e, "--provider", "sunshine", "--plate", "X")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--city") || len(e.Received()) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
