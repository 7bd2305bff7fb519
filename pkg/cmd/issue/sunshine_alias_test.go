package issue

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

var sunshinePeople = []string{
	"--set", "insuredName=张三", "--set", "insuredIdNo=440106198001011230", "--set", "insuredMobile=13800000000",
	"--set", "applicantName=张三", "--set", "applicantIdNo=440106198001011230", "--set", "applicantMobile=13912345678",
	"--set", "insuredEmail=zhang.san@example.com", "--set", "applicantEmail=zhang.san@example.com", "--set", "ownerEmail=zhang.san@example.com",
	"--set", "addresseeName=张三", "--set", "addresseeMobile=13800000000", "--set", "addresseeProvince=44",
	"--set", "addresseeCity=4401", "--set", "addresseeTown=440106", "--set", "addresseeDetails=广州市天河区体育西路1号", "--set", "insuredaddresseeDetails=广州市天河区体育西路1号", "--set", "carPlace=440100",
}

// quoted starts a priced session in city and returns its id.
func quotedSession(t *testing.T, e *cmdtest.Env, city string) string {
	t.Helper()
	tty := e.F.IOStreams.IsStdoutTTY()
	e.F.IOStreams.SetStdoutTTY(false)
	defer e.F.IOStreams.SetStdoutTTY(tty)
	cmd := quote.NewCmdSunshineQuote(e.F, nil)
	cmd.SetArgs([]string{"--plate", "冀A00021", "--city", city, "--owner", "张三", "--mobile", "13800000000",
		"--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321", "--set", "vehicleId=XDAAMD0068",
		"--set", "firstRegisterDate=2020-05-06", "--set", "ownerIdNo=440106198001011230"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.SessionID == "" {
		t.Fatalf("quote: %q %v", e.Out.String(), err)
	}
	e.Reset()
	return r.SessionID
}

// runSunshineIssue runs `insure sunshine issue`, the alias of `insure
// issue --provider sunshine`.
func runSunshineIssue(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdSunshineIssue(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestSunshineAliasFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	var opts *Options
	cmd := NewCmdSunshineIssue(e.F, func(o *Options) error { opts = o; return nil })
	cmd.SetArgs([]string{"--session", "S", "--pay-type", "02", "--pay-no", "P1", "--verify-code", "123456", "--send-code", "--order-id", "TB1", "--set", "a=b",
		"--partner-id", "PID", "--item-id", "I1", "--check-pay-no", "C1"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got := opts.Sunshine
	if opts.Provider != "sunshine" || got.Session != "S" || got.PayType != "02" || got.PayNo != "P1" || got.VerifyCode != "123456" || !got.SendCode || got.OrderID != "TB1" || !opts.Yes || len(opts.Sets) != 1 ||
		got.PartnerID != "PID" || got.ItemID != "I1" || got.CheckPayNo != "C1" {
		t.Fatalf("%+v", opts)
	}
}

func TestSunshinePipeNeedsYesThenIssues(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	sid := quotedSession(t, e, "07518800")
	err := runSunshineIssue(e, append([]string{"--session", sid}, sunshinePeople...)...)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") || len(e.Received()) != 0 {
		t.Fatalf("exit %d: %v (sent %d)", cmdutil.ExitCode(err), err, len(e.Received()))
	}
	if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, `"provider":"sunshine"`) || !strings.Contains(j, `"operation":"issue"`) {
		t.Errorf("the error does not name the provider and operation: %s", j)
	}
	e.F.Globals.Yes = true
	if err := runSunshineIssue(e, append([]string{"--session", sid, "--pay-no", "PAY-1", "--check-pay-no", "B5000M1"}, sunshinePeople...)...); err != nil {
		t.Fatal(err)
	}
	var r purchase.IssueResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("%q", e.Out.String())
	}
	if r.Step != "130" || r.PolicyNos["biz"] != "P075105092026"+r.PolicyNos["biz"][13:] || !strings.HasPrefix(r.PolicyNos["force"], "P07510507") || r.Paid.Fen != 542975 {
		t.Fatalf("%+v", r)
	}
	// Issued sessions print again without sending.
	e.Reset()
	if err := runSunshineIssue(e, "--session", sid); err != nil || len(e.Received()) != 0 {
		t.Fatalf("%v, sent %d", err, len(e.Received()))
	}
}

func TestSunshinePipeMissingPeopleListsEveryKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	sid := quotedSession(t, e, "07518800")
	err := runSunshineIssue(e, "--session", sid, "--set", "insuredName=张三")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, k := range []string{"insuredIdNo", "被保险人身份证号", "applicantMobile", "deliverInfo.addresseeDetails", "--session " + sid} {
		if !strings.Contains(err.Error()+string(cmdutil.ErrorJSON(err)), k) {
			t.Errorf("%q not listed: %v", k, err)
		}
	}
}

// Beijing: underwriting asks for the applicant's code; a script without
// --verify-code stops (exit 4: 120 was sent and the platform waits for the code), a wrong code is refused (exit 4), the
// right one (the last six digits of applicantMobile) completes.
func TestSunshineBeijingVerificationCodeInPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	sid := quotedSession(t, e, "01562800")
	err := runSunshineIssue(e, append([]string{"--session", sid}, sunshinePeople...)...)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "verification code") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	err = runSunshineIssue(e, "--session", sid, "--verify-code", "000000")
	fe := &failure.Error{}
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) {
		t.Fatalf("wrong code: exit %d %v", cmdutil.ExitCode(err), err)
	}
	// The hint is this command's way to a new code, not the transaction.
	if !strings.Contains(fe.Hint, "--send-code") || strings.Contains(fe.Hint, "with 126") {
		t.Errorf("wrong code hint: %q", fe.Hint)
	}
	e.Reset()
	if err := runSunshineIssue(e, "--session", sid, "--verify-code", "345678", "--send-code", "--check-pay-no", "B5000M1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"P01560509`) {
		t.Fatalf("%s", e.Out.String())
	}
}

// On a terminal: confirm, the underwriting form as prompts (owner details
// offered as defaults), the verification code asked, empty = send again.
func TestSunshineTerminalIssueBeijing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	sid := quotedSession(t, e, "01562800")
	codeAsked := 0
	e.Prompts.Answers = map[string]any{
		"Buy the Sunshine luxury policy for 冀A00021, 5429.75 yuan*": true,
		"被保险人姓名 (insuredName)":                                      "", "被保险人身份证号 (insuredIdNo)": "", "被保险人手机 (insuredMobile)": "",
		"投保人姓名 (applicantName)": "", "投保人身份证号 (applicantIdNo)": "", "投保人手机 (applicantMobile)": "13912345678",
		// The e-mail addresses have no default: each is typed.
		"被保险人邮箱 (insuredEmail)": "zhang.san@example.com", "投保人邮箱 (applicantEmail)": "zhang.san@example.com", "车主邮箱 (ownerEmail)": "zhang.san@example.com",
		"收件人姓名 (addresseeName)": "", "收件人手机 (addresseeMobile)": "", "收件地址 (addresseeDetails)": "体育西路1号",
		"被保人身份证地址 (insuredaddresseeDetails)": "广州市天河区体育西路1号",
		// The address and the registration place are chosen from the look-ups.
		"省份 (addresseeProvince)": "广东省", "城市 (addresseeCity)": "广州市", "区县 (addresseeTown)": "天河区",
		"车籍地 (carPlace): province": "广东省", "车籍地 (carPlace)": "广州市",
		"Verification code*": "345678",
	}
	if err := runSunshineIssue(e, "--session", sid, "--check-pay-no", "B5000M1"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	for _, a := range e.Prompts.Asked {
		if strings.HasPrefix(a, "Verification code") {
			codeAsked++
		}
	}
	if codeAsked != 1 || !strings.Contains(e.Out.String(), "policy (biz):") || !strings.Contains(e.Out.String(), "5429.75 yuan") {
		t.Fatalf("asked %v\n%s", e.Prompts.Asked, e.Out.String())
	}
}

func TestSunshineTamperedAnswerIsExit6(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "sunshine=tamper"})
	e.F.Globals.Yes = true
	cmd := quote.NewCmdSunshineQuote(e.F, nil)
	cmd.SetArgs([]string{"--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 6 || !strings.Contains(err.Error(), "signature does not verify") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// An --order-id given once the session was underwritten (under another
// order) cannot be used: stderr says so, where it was dropped without a
// word and the policy issued under the first order.
func TestSunshineLateOrderIDIsNoted(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	sid := quotedSession(t, e, "07518800")
	if err := runSunshineIssue(e, append([]string{"--session", sid}, sunshinePeople...)...); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("underwriting stops for the payment check number: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	e.Reset()
	if err := runSunshineIssue(e, "--session", sid, "--order-id", "ORDB", "--check-pay-no", "B5000M1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "--order-id ORDB is not used") {
		t.Errorf("stderr: %s", e.ErrOut.String())
	}
}
