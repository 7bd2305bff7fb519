package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
)

// The resume command line a stopped batch prints is pasted as it stands:
// it names the provider and the operation (it used to read `insure -p
// sandbox api --batch=…`, which api refuses), and gives each --set as a
// flag of its own (it used to be one --set='[a=1,b=2]', which is no
// assignment at all).
func TestBatchAPIResumeCommandKeepsTheArgumentsAndEachSet(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=code:10040"})
	e.F.Globals.Yes = true
	file := filepath.Join(t.TempDir(), "buys.jsonl")
	lines := `{"vin":"LSVAU2180N2100001","orderId":"RESUME-1"}` + "\n" + `{"vin":"LSVAU2180N2100002","orderId":"RESUME-2"}` + "\n"
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "paoding", "report.buy", "--batch", file, "--concurrency", "1",
		"--set", "brandFactoryId=20", "--set", "notifyUrl=http://127.0.0.1:1/notify me")
	if cmdutil.ExitCode(err) != 7 {
		t.Fatalf("exit %d: %v\n%s%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	stderr := e.ErrOut.String()
	want := "resume with: insure -p sandbox api paoding report.buy --batch=" + file + " --concurrency=1 " +
		"--set=brandFactoryId=20 --set='notifyUrl=http://127.0.0.1:1/notify me' --resume"
	if !strings.Contains(stderr, want) {
		t.Fatalf("want %q in the summary:\n%s", want, stderr)
	}
}

// A command in a line's hint carries this run's -p, as the single
// command's hint does (cmd/insure rewrites those, not the lines'): pasted
// without it, it fails with "no profile selected" or asks another profile.
func TestBatchAPILineHintsNameTheProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	// The second line repeats the first's order id: Paoding refuses it
	// (30020), and the hint says how to look the existing order up.
	e.In.WriteString(`{"vin":"LSVAU2180N2100001","orderId":"HINT-1","brandFactoryId":20,"notifyUrl":"http://127.0.0.1:1/n"}` + "\n" +
		`{"vin":"LSVAU2180N2100002","orderId":"HINT-1","brandFactoryId":20,"notifyUrl":"http://127.0.0.1:1/n"}` + "\n")
	err := run(e, "paoding", "report.buy", "--batch", "-", "--concurrency", "1")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v\n%s%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	got := cmdtest.JSONLines[struct{ Outcome, Code, Hint string }](t, e.Out.String())
	if len(got) != 2 || got[1].Code != "30020" {
		t.Fatalf("%s", e.Out)
	}
	if want := "`insure -p sandbox vin-report get "; !strings.Contains(got[1].Hint, want) {
		t.Fatalf("want %s in the hint: %q", want, got[1].Hint)
	}
}

// --resume after a run that died with purchases in flight looks each
// order up, as vin-report buy's batch does: one that was placed is ok and
// not bought again; one that was not is sent again with its orderId. They
// used to be reported unknown for good, with a hint to check by hand.
func TestBatchAPIResumeResolvesPurchasesInFlight(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	placed := `{"vin":"LSVAU2180N2100001","orderId":"FLIGHT-1","brandFactoryId":20,"notifyUrl":"http://127.0.0.1:1/n"}`
	lost := `{"vin":"LSVAU2180N2100002","OrderId":"FLIGHT-2","brandFactoryId":20,"notifyUrl":"http://127.0.0.1:1/n"}`
	// The earlier run's first purchase reached Paoding, its second did not.
	e.In.WriteString(placed + "\n")
	if err := run(e, "paoding", "report.buy", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	for i, l := range []string{placed, lost} {
		if err := e.Store.PutBatchLine(t.Context(), "api paoding report.buy", config.SandboxProfile, batch.Hash([]byte(l)), store.BatchLine{Line: i + 1, Outcome: "in_flight"}); err != nil {
			t.Fatal(err)
		}
	}
	e.Reset()
	e.In.WriteString(placed + "\n" + lost + "\n")
	err := run(e, "paoding", "report.buy", "--batch", "-", "--resume")
	if err != nil {
		t.Fatalf("exit %d: %v\n%s%s", cmdutil.ExitCode(err), err, e.Out, e.ErrOut)
	}
	type line struct {
		Outcome string
		Result  struct {
			OrderID  string `json:"orderId"`
			Resolved bool   `json:"resolvedAfterNetworkFailure"`
			Data     struct{ Status string }
		}
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 2 || got[0].Outcome != "ok" || !got[0].Result.Resolved || got[0].Result.OrderID != "FLIGHT-1" ||
		got[1].Outcome != "ok" || got[1].Result.Data.Status != "success" {
		t.Fatalf("%s", e.Out)
	}
	buys := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, paoding.PathReportBuy) {
			buys++
		}
	}
	if buys != 1 {
		t.Fatalf("%d purchases sent, want 1 (the lost one): %v", buys, e.ReceivedPaths())
	}
}

// An api issuance whose answer is lost names its quotation and the
// command that settles it, in the run that lost it and under --resume,
// as the issue command's batch does: eBao refuses a quotation issued
// before, so sending the line again on its own cannot issue twice. The
// resumed line used to say only "ask eBao about it".
func TestBatchAPIUnknownIssuanceSaysHowToSettleIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:/pa_web/api/policies/issuances=act-then-drop"})
	e.F.Globals.Yes = true
	body, err := ebao.Example("quote")
	if err != nil {
		t.Fatal(err)
	}
	e.In.Write(body)
	if err := run(e, "ebao", "quotation", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	var quoted struct{ QuotationNumber string }
	if err := json.Unmarshal(e.Out.Bytes(), &quoted); err != nil || quoted.QuotationNumber == "" {
		t.Fatalf("%v: %s", err, e.Out)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	doc["quotationNumber"] = quoted.QuotationNumber
	line, _ := json.Marshal(doc)
	file := filepath.Join(t.TempDir(), "issues.jsonl")
	if err := os.WriteFile(file, append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "send the issuance of quotation " + quoted.QuotationNumber + " again on its own, `insure -p sandbox api ebao issuance -f - --yes` with line 1 of the input on stdin (`sed -n 1p " + file + " |` before it)"
	for _, resume := range []bool{false, true} {
		e.Reset()
		args := []string{"ebao", "issuance", "--batch", file}
		if resume {
			args = append(args, "--resume")
		}
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 5 {
			t.Fatalf("resume %v: exit %d: %v\n%s", resume, cmdutil.ExitCode(err), err, e.ErrOut)
		}
		got := cmdtest.JSONLines[struct{ Outcome, Hint string }](t, e.Out.String())
		if len(got) != 1 || got[0].Outcome != "unknown" || !strings.Contains(got[0].Hint, want) {
			t.Fatalf("resume %v: want %q in the hint:\n%s", resume, want, e.Out)
		}
	}
	issuances := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/issuances") {
			issuances++
		}
	}
	if issuances != 0 {
		t.Fatalf("--resume sent the issuance again: %v", e.ReceivedPaths())
	}
}
