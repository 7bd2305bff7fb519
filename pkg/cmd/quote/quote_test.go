package quote

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/ebao"
)

// example is the repository's example request, the file the issue's
// "Done when" commands use.
var example = filepath.Join("..", "..", "..", "examples", "ebao", "quote.json")

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdQuote(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdQuote(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--provider", "ebao", "-f", "q.json", "--set", "a.b=1", "--set", "c=x=y"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Provider != "ebao" || got.File != "q.json" || !reflect.DeepEqual(got.Sets, []string{"a.b=1", "c=x=y"}) {
		t.Fatalf("%+v", got)
	}
	if len(e.Received()) != 0 {
		t.Fatal("flag parsing sent a request")
	}
}

func TestProviderIsRequiredAndChecked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, args := range [][]string{{"-f", example}, {"--provider", "sunshine2", "-f", example}} {
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "ebao") {
			t.Errorf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatal("sent a request")
	}
}

func TestQuoteInPipePrintsFullJSONAndRecords(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--provider", "ebao", "-f", example); err != nil {
		t.Fatal(err)
	}
	var resp map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &resp); err != nil {
		t.Fatalf("stdout is not JSON: %q", e.Out.String())
	}
	q, _ := resp["quotationNumber"].(string)
	fee, _ := resp["fee"].(map[string]any)
	if !strings.HasPrefix(q, "Q") || len(fee) != 6 || fee["APP"] != 30.0 {
		t.Fatalf("response %v", resp)
	}
	if e.ErrOut.Len() != 0 {
		t.Fatalf("stderr in a pipe: %q", e.ErrOut.String())
	}
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "ebao", "quotation", q)
	if err != nil || !strings.Contains(string(rec.Body), `"PH006":"132456199001011234"`) {
		t.Fatalf("quotation not recorded with its request: %v", err)
	}
}

func TestQuoteOnTerminalPrintsFeesInWords(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "--provider", "ebao", "-f", example); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"quotation number:", "premium payable (APP):", "standard gross premium (SGP):", "standard net premium (SNP):",
		"adjusted gross premium (AGP):", "adjusted net premium (ANP):", "channel commission (COMMISSION):"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "insure -p sandbox issue --provider ebao -f "+example+" --quote Q") {
		t.Fatalf("no next step: %q", e.ErrOut.String())
	}
}

// dryRun decodes the one request a dry run printed in a pipe.
func dryRun(t *testing.T, e *cmdtest.Env) httpx.DryRunRequest {
	t.Helper()
	var d httpx.DryRunRequest
	if err := json.Unmarshal(e.Out.Bytes(), &d); err != nil {
		t.Fatalf("dry run: %v: %s", err, e.Out)
	}
	return d
}

func TestStdinBodyIsSentAsRead(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	b, _ := os.ReadFile(example)
	e.In.Write(b)
	e.F.Globals.DryRun = true
	if err := run(e, "--provider", "ebao", "-f", "-"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	// The documented signature of this file's 1310 bytes under the sandbox
	// key; in a pipe the dry run is JSON, its body the text sent.
	d := dryRun(t, e)
	if !strings.HasSuffix(d.URL, "&signature=e2cc51747a7ce0792c6273f161a87ffb") || d.Body != string(b) {
		t.Fatalf("dry run: %s", e.Out.String())
	}
}

func TestSetEditsTheBodyThatIsSigned(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	if err := run(e, "--provider", "ebao", "-f", example, "--set", "policyHolder.PH013=13800138000", "--set", "insuredObjects.0.plan_code=Plan_2"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	d := dryRun(t, e)
	if !strings.Contains(d.Body, `"PH013": "13800138000"`) || !strings.Contains(d.Body, `"plan_code": "Plan_2"`) {
		t.Fatalf("body: %s", d.Body)
	}
	if !strings.HasSuffix(d.URL, "&signature="+ebao.Sign([]byte(d.Body), "sandbox-ebao-secret-7f3a9c")) {
		t.Fatalf("the signature is not over the bytes shown:\n%s", e.Out)
	}
	// And for real: Plan_2 doubles the premium.
	e.Reset()
	e.F.Globals.DryRun = false
	if err := run(e, "--provider", "ebao", "-f", example, "--set", "insuredObjects[0].plan_code=Plan_2"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"APP":60`) {
		t.Fatalf("%s", e.Out.String())
	}
}

// A --set whose member differs from the body's only in letter case is a
// typo: it was added beside the real one, and the quotation went out with
// the old phone number (exit 0). It is exit 2 naming the member meant,
// and nothing is sent.
func TestSetWithAMisspeltCaseNamesTheMemberMeant(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao", "-f", example, "--set", "policyholder.PH013=13800138000")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean policyHolder.PH013?") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if len(e.Received()) != 0 || e.Out.Len() != 0 {
		t.Fatalf("sent %v, printed %q", e.ReceivedPaths(), e.Out)
	}
}

func TestTamperedAnswerIsExit6AndNotPrinted(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=tamper"})
	err := run(e, "--provider", "ebao", "-f", example)
	if cmdutil.ExitCode(err) != 6 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Fatalf("an untrusted body reached stdout: %q", e.Out.String())
	}
}

func TestTamperedAnswerRawShowsBodyWithWarning(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=tamper", TTY: true})
	e.F.Globals.Output = "raw"
	err := run(e, "--provider", "ebao", "-f", example)
	if cmdutil.ExitCode(err) != 6 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(e.Out.String(), `"quotationNumber"`) || !strings.Contains(e.ErrOut.String(), "UNVERIFIED") {
		t.Fatalf("stdout %q stderr %q", e.Out.String(), e.ErrOut.String())
	}
}

// What the document does not state is a warning, not a refusal: a
// resident ID whose check character does not match GB 11643, a birth date
// the ID disagrees with, a mobile not of the mainland's form and an e-mail
// without a dot after the @ were exit 2, though the service may take them.
// They are named on stderr, and the body is sent as given.
func TestRulesTheDocumentDoesNotStateOnlyWarn(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "--provider", "ebao", "-f", example,
			"--set", "policyHolder.PH006=132456199001011235", // check character 4, not 5
			"--set", "policyHolder.PH013=12345",
			"--set", "policyHolder.PH015=zhang@localhost",
			"--set", "policyInsuredPeople.0.ISP003=1991-01-01T00:00:00.000Z")
		if err != nil {
			t.Fatalf("tty %v: %v", tty, err)
		}
		if len(e.Received()) != 1 || !strings.Contains(e.Out.String(), "Q") {
			t.Fatalf("tty %v: sent %v, printed %q", tty, e.ReceivedPaths(), e.Out)
		}
		for _, f := range []string{"policyHolder.PH006: the check character", "policyHolder.PH013:", "policyHolder.PH015:",
			"policyInsuredPeople[0].ISP005: the birth date in the resident ID (1990-01-01) does not agree with ISP003", "kept as given"} {
			if !strings.Contains(e.ErrOut.String(), f) {
				t.Errorf("tty %v: stderr does not say %q:\n%s", tty, f, e.ErrOut)
			}
		}
	}
}

// A refusal lists the doubts too: the resident ID's check character was
// warned of only once the rest of the body was valid, so fixing what the
// refusal named brought a new complaint.
func TestRefusalListsTheDoubtsToo(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "--provider", "ebao", "-f", example,
			"--set", "policyHolder.PH006=132456199001011235", // check character 4, not 5
			"--set", "policyHolder.PH015=zhang",
			"--set", "effectiveDate=2027-13-01")
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
			t.Fatalf("tty %v: exit %d, sent %v: %v", tty, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
		cmdutil.PrintError(e.F.IOStreams, err, !tty)
		all := e.Out.String() + e.ErrOut.String()
		for _, want := range []string{"2 invalid field(s)", "effectiveDate", "policyHolder.PH015", "policyHolder.PH006", "the check character"} {
			if !strings.Contains(all, want) {
				t.Errorf("tty %v: the refusal lacks %q:\n%s", tty, want, all)
			}
		}
	}
}

func TestInvalidFieldsAreAllNamedAndNothingSent(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "--provider", "ebao", "-f", example,
			"--set", "policyHolder.PH006=132456199013011234", // no date at characters 7-14
			"--set", "policyInsuredPeople.0.ISP005=1324561990010", // too short
			"--set", "policyHolder.PH015=zhang.example.com",
			"--set", "policyInsuredPeople.0.ISP012=bad@",
			"--set", "effectiveDate=2027-13-01",
			"--set", "expiredDate=2026-01-01T00:00:00")
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		for _, f := range []string{"policyHolder.PH006:", "policyInsuredPeople[0].ISP005:", "policyHolder.PH015:", "policyInsuredPeople[0].ISP012:", "effectiveDate:", "expiredDate:"} {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("error does not name %s: %v", f, err)
			}
		}
		if len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Fatalf("sent %v, printed %q", e.ReceivedPaths(), e.Out.String())
		}
	}
}

func TestPipeWithoutFileIsUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "-f is required when not running interactively") {
		t.Fatalf("%v", err)
	}
}

func TestMissingFileAndBadSetAreUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, args := range [][]string{
		{"-f", filepath.Join(t.TempDir(), "nope.json")},
		{"-f", example, "--set", "noequals"},
		{"-f", example, "--set", "channelCode.x=1"},
		{"-f", example, "--set", "policyInsuredPeople.5.ISP001=x"},
	} {
		err := run(e, append([]string{"--provider", "ebao"}, args...)...)
		if cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatal("sent a request")
	}
}

func TestMissingSettingsNameEveryVariable(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"bare": {"ebao": {"channel-code": "AXA_TP"}}}
	e.F.Globals.Profile = "bare"
	err := run(e, "--provider", "ebao", "-f", example)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, v := range []string{"INSURE_EBAO_ENDPOINT", "INSURE_EBAO_ACCESS_KEY", "INSURE_EBAO_SECRET_KEY"} {
		if !strings.Contains(err.Error(), v) {
			t.Errorf("error does not name %s: %v", v, err)
		}
	}
}

// --jq and --template filter a dry run's request as they filter any JSON
// result: `--dry-run --jq .url` prints the signed URL, on a terminal too.
// They were ignored, and the whole request printed.
func TestDryRunIsFilteredByJQAndTemplate(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.DryRun = true
		e.F.Globals.JQ = ".url"
		if err := run(e, "--provider", "ebao", "-f", example); cmdutil.ExitCode(err) != 0 {
			t.Fatal(err)
		}
		if got := e.Out.String(); !strings.HasPrefix(got, "http") || !strings.HasSuffix(got, "&signature=e2cc51747a7ce0792c6273f161a87ffb\n") || strings.Count(got, "\n") != 1 {
			t.Errorf("tty %v: --jq .url printed %q", tty, got)
		}
		e.Reset()
		e.F.Globals.JQ, e.F.Globals.Template = "", "{{.method}}"
		if err := run(e, "--provider", "ebao", "-f", example); cmdutil.ExitCode(err) != 0 {
			t.Fatal(err)
		}
		if got := e.Out.String(); strings.TrimSpace(got) != "POST" {
			t.Errorf("tty %v: --template printed %q", tty, got)
		}
		if len(e.Received()) != 0 {
			t.Errorf("tty %v: a dry run sent %d requests", tty, len(e.Received()))
		}
	}
}
