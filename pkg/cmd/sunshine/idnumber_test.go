package sunshine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// run runs `insure sunshine ARGS...`.
func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdSunshine(e.F)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// quotedSession prices a purchase in the sandbox and returns its session.
func quotedSession(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	err := run(e, "quote", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000",
		"--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321", "--set", "vehicleId=XDAAMD0068",
		"--set", "firstRegisterDate=2020-05-06", "--set", "ownerIdNo=440106198001011230")
	if err != nil {
		t.Fatal(err)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.SessionID == "" {
		t.Fatalf("quote: %q %v", e.Out.String(), err)
	}
	e.Reset()
	return r.SessionID
}

// people answers underwriting (120), the insured's ID number as given.
func people(insuredID string) []string {
	var out []string
	for _, kv := range []string{
		"insuredName=张三", "insuredIdNo=" + insuredID, "insuredMobile=13800000000", "insuredEmail=zhang.san@example.com",
		"applicantName=张三", "applicantIdNo=440106198001011230", "applicantMobile=13912345678", "applicantEmail=zhang.san@example.com",
		"ownerEmail=zhang.san@example.com", "addresseeName=张三", "addresseeMobile=13800000000", "addresseeProvince=44",
		"addresseeCity=4401", "addresseeTown=440106", "addresseeDetails=广州市天河区体育西路1号",
		"insuredaddresseeDetails=广州市天河区体育西路1号", "carPlace=440100",
	} {
		out = append(out, "--set", kv)
	}
	return out
}

// The insured's ID number, sent without an ID type, is a resident ID (the
// 120 table's 身份证号): one whose check character breaks GB 11643 is
// exit 2 naming --set's key, the rule and a number to paste, before
// underwriting or anything else is sent.
func TestIssueRefusesAWrongResidentIDBeforeSending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	session := quotedSession(t, e)
	err := run(e, append([]string{"issue", "--session", session, "--check-pay-no", "B5000M386466139260786"},
		people("440106198001011234")...)...)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	stderr := e.ErrOut.String()
	for _, s := range []string{"insuredIdNo:", "GB 11643", "--set insuredIdNo=11010519491231002X", "nothing was sent"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("%q not in stderr:\n%s", s, stderr)
		}
	}
	if strings.Contains(stderr, "applicantIdNo") {
		t.Errorf("a good number named:\n%s", stderr)
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}

// With an ID type other than the resident card the number goes as given:
// the manual names no type codes, so insure cannot tell which card it is
// (and the sandbox takes it too).
func TestIssueSendsAnotherIDTypesNumberAsGiven(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	session := quotedSession(t, e)
	err := run(e, append([]string{"issue", "--session", session, "--check-pay-no", "B5000M386466139260786",
		"--set", "insuredIdType=02"}, people("E12345678")...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	if len(e.Received()) == 0 {
		t.Fatal("nothing sent")
	}
}
