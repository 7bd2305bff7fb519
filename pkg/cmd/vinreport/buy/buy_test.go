package buy

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/paoding"
)

func TestNewCmdBuyFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdBuy(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--engine", "E1", "--order-id", "O-1", "--notify-url", "https://x.example/n"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := paoding.BuyRequest{VIN: "LSVAU2180N2183294", BrandFactoryID: 20, EngineNum: "E1", OrderID: "O-1", NotifyURL: "https://x.example/n"}
	if got.Request != want {
		t.Fatalf("request %+v, want %+v", got.Request, want)
	}
	if len(e.Received()) != 0 {
		t.Fatal("flag parsing sent a request")
	}
}

func run(t *testing.T, e *cmdtest.Env, args ...string) error {
	t.Helper()
	cmd := NewCmdBuy(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestBuyInPipeNeedsYesAndSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("err %v (exit %d)", err, cmdutil.ExitCode(err))
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/buy") {
			t.Fatalf("buy was sent: %v", e.ReceivedPaths())
		}
	}
}

func TestBuyInPipePrintsJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	if err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "PIPE-1"); err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil {
		t.Fatalf("stdout is not JSON: %q", e.Out.String())
	}
	if res.OrderID != "PIPE-1" || res.Status != "success" || res.PlatformOrderNum == "" {
		t.Fatalf("result %+v", res)
	}
	if e.ErrOut.Len() != 0 {
		t.Fatalf("stderr in a pipe: %q", e.ErrOut.String())
	}
	if rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "paoding", "order", "PIPE-1"); err != nil || !strings.Contains(string(rec.Body), res.PlatformOrderNum) {
		t.Fatalf("order not indexed: %v", err)
	}
}

func TestBuyOnTerminalAsksAndGeneratesOrderID(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{"Buy a 4S report for VIN LSVAU2180N2183294*": true}
	if err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "order id:") || !strings.Contains(out, "INS") || !strings.Contains(out, "success") {
		t.Fatalf("table output: %q", out)
	}
	if !strings.Contains(e.ErrOut.String(), "insure vin-report get INS") {
		t.Fatalf("no next step on stderr: %q", e.ErrOut.String())
	}
	if len(e.Prompts.Asked) != 1 || !strings.Contains(e.Prompts.Asked[0], "29 yuan") {
		t.Fatalf("asked %q", e.Prompts.Asked)
	}
}

func TestBuyTerminalDeclineSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{"Buy a 4S report*": false}
	err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("decline: %v", err)
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/buy") {
			t.Fatal("buy was sent after declining")
		}
	}
}

func TestBadInputListsEveryFieldAndSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	err := run(t, e, "--vin", "LSVAU2180N21832I4", "--brand-factory", "20", "--order-id", strings.Repeat("x", 51), "--notify-url", "ftp://nope")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, f := range []string{"vin:", "orderId:", "notifyUrl:"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
	if got := e.Received(); len(got) != 0 {
		t.Fatalf("sandbox received %v", e.ReceivedPaths())
	}
}

func TestEngineNumberRequiredByFactory(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	// Factory 30 needs an engine number; the lookup is a read, the purchase never goes out.
	err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "30")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "engineNum") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/buy") {
			t.Fatal("buy was sent")
		}
	}
}

func TestDuplicateOrderIsRefusedWithCode(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	args := []string{"--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "DUP-1"}
	if err := run(t, e, args...); err != nil {
		t.Fatal(err)
	}
	err := run(t, e, args...)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"30020"`) {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
}

func TestDroppedConnectionIsResolvedByLookingTheOrderUp(t *testing.T) {
	// The connection drops after the sandbox saw the purchase? No: a drop
	// fault never reaches the handler, so the lookup finds no order and
	// the command says it is safe to retry.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
	e.F.Globals.Yes = true
	err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "NET-1")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(err.Error(), "not placed") {
		t.Fatalf("message: %v", err)
	}
}

func TestDryRunPrintsSignedRequestWithoutSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	err := run(t, e, "--image", "https://x.example/licence.jpg", "--order-id", "DRY-1")
	if cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "POST ") || !strings.Contains(out, "Api-4s-Version: 1.0") {
		t.Fatalf("dry-run output: %q", out)
	}
	p, _ := e.F.Profile()
	pw := p.Value("paoding", "password")
	if strings.Contains(out, pw) || strings.Contains(out, paoding.Sign(p.Value("paoding", "username"), pw)) {
		t.Fatal("dry-run output carries a secret")
	}
	_ = time.Second
}
