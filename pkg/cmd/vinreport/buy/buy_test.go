package buy

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/paoding"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
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
	// DESIGN: every error names the provider and the operation.
	if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, `"provider":"paoding"`) || !strings.Contains(j, `"operation":"report.buy"`) {
		t.Errorf("the error does not name the provider and operation: %s", j)
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
	if !strings.Contains(e.ErrOut.String(), "insure -p sandbox vin-report get INS") {
		t.Fatalf("no next step on stderr: %q", e.ErrOut.String())
	}
	if len(e.Prompts.Asked) != 1 || !strings.Contains(e.Prompts.Asked[0], "29 yuan") {
		t.Fatalf("asked %q", e.Prompts.Asked)
	}
	// The question names the order id the purchase goes out under, the
	// one the output then names and `vin-report get` takes.
	if m := regexp.MustCompile(`as order (INS\S+)\?$`).FindStringSubmatch(e.Prompts.Asked[0]); m == nil || !strings.Contains(out, m[1]) {
		t.Fatalf("asked %q; output %q", e.Prompts.Asked, out)
	}
}

func TestBuyTerminalDeclineSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{"Buy a 4S report*": false}
	err := run(t, e, "--vin", "LSVAU2180N2183294", "--brand-factory", "20")
	if err == nil || cmdutil.ExitCode(err) != 0 { // "no" is a decision: exit 0
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
	err := run(t, e, append(args, "--again")...)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"30020"`) {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
}

// sandboxOrders lists the orders the Paoding sandbox holds, by order id.
func sandboxOrders(t *testing.T, e *cmdtest.Env) map[string]string {
	t.Helper()
	orders, err := paodingsb.Orders(t.Context(), e.Sandbox.State())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for id, o := range orders {
		out[id] = o.VIN
	}
	return out
}

const vin = "LSVAU2180N2183294"

func TestDroppedConnectionIsResolvedByLookingTheOrderUp(t *testing.T) {
	// A drop fault never reaches the handler: the look-ups (repeated for
	// twice the timeout) find no order, and the command says so, naming
	// the order id a rerun will reuse.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, 300*time.Millisecond
	err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "NET-1")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(err.Error(), "not placed") || !strings.Contains(err.Error(), "NET-1") {
		t.Fatalf("message: %v", err)
	}
	gets := 0
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/get") {
			gets++
		}
	}
	if gets < 2 {
		t.Fatalf("the order was looked up %d time(s), want repeats with back-off: %v", gets, e.ReceivedPaths())
	}
}

func TestPlacedThen5xxIsResolvedAndNotBoughtAgain(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			// The platform places the order and answers 502.
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "paoding:/4s/report/buy=act-then-status:502"})
			e.F.Globals.Yes, e.F.Globals.Timeout = true, time.Second
			if err := run(t, e, "--vin", vin, "--brand-factory", "20"); err != nil {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			orders := sandboxOrders(t, e)
			if len(orders) != 1 {
				t.Fatalf("sandbox orders %v", orders)
			}
			var id string
			for id = range orders {
			}
			if !strings.Contains(e.Out.String(), id) {
				t.Fatalf("the placed order %s is not printed: %q", id, e.Out.String())
			}
			if !tty {
				var res Result
				if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil || !res.Resolved || res.OrderID != id {
					t.Fatalf("result %+v (%v)", res, err)
				}
			}
			// Running it again does not buy again: it names the order and --again.
			e.Reset()
			err := run(t, e, "--vin", vin, "--brand-factory", "20")
			if err == nil {
				t.Fatalf("the rerun bought again: %v", sandboxOrders(t, e))
			}
			if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), id) || !strings.Contains(string(cmdutil.ErrorJSON(err)), "--again") {
				t.Fatalf("rerun: exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
			}
			if len(sandboxOrders(t, e)) != 1 {
				t.Fatal("bought twice")
			}
		})
	}
}

func TestUnknownOutcomeNamesOrderAndCheckCommand(t *testing.T) {
	// The order is placed, the answer is 502, and the look-ups fail too.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=act-then-status:502,paoding:/4s/report/get=status:503"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, time.Second
	err := run(t, e, "--vin", vin, "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var id string
	for id = range sandboxOrders(t, e) {
	}
	doc := string(cmdutil.ErrorJSON(err))
	for _, want := range []string{id, `"outcome_unknown":true`, "insure -p sandbox vin-report get " + id} {
		if !strings.Contains(doc, want) {
			t.Errorf("JSON error lacks %q: %s", want, doc)
		}
	}
	ios, _, _, errOut := iostreams.Test()
	cmdutil.PrintError(ios, err, false)
	if !strings.Contains(errOut.String(), id) || strings.Contains(errOut.String(), "ORDER_ID") {
		t.Errorf("stderr: %q", errOut.String())
	}
	// The purchase was recorded as in flight before it was sent.
	rec, gerr := e.Store.GetRecord(t.Context(), config.SandboxProfile, "paoding", "purchase", "vin:"+vin+":20")
	if gerr != nil || !strings.Contains(string(rec.Body), id) || !strings.Contains(string(rec.Body), "in-flight") {
		t.Fatalf("ledger: %v %v", rec, gerr)
	}
}

func TestLateOrderIsFoundByRepeatedLookups(t *testing.T) {
	// The order is placed 400ms after a client that gave up at 250ms.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=act-after:400ms"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, 250*time.Millisecond
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "LATE-1"); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(e.Out.String(), "LATE-1") || len(sandboxOrders(t, e)) != 1 {
		t.Fatalf("out %q, orders %v", e.Out.String(), sandboxOrders(t, e))
	}
}

func TestRerunAfterUnresolvedPurchaseReusesOrderID(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			// The order is placed 1s after the request arrives: the first
			// run gives up and its look-ups find nothing; the rerun, with
			// more patience, meets the platform's duplicate check.
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "paoding:/4s/report/buy=act-after:1s"})
			e.F.Globals.Yes, e.F.Globals.Timeout = true, 200*time.Millisecond
			err := run(t, e, "--vin", vin, "--brand-factory", "20")
			if cmdutil.ExitCode(err) != 5 || !strings.Contains(err.Error(), "INS") {
				t.Fatalf("first run: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			if n := len(sandboxOrders(t, e)); n != 0 {
				t.Fatalf("placed too early: %d", n)
			}
			e.Reset()
			e.F.Globals.Timeout = 5 * time.Second
			if err := run(t, e, "--vin", vin, "--brand-factory", "20"); err != nil {
				t.Fatalf("rerun: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			orders := sandboxOrders(t, e)
			if len(orders) != 1 {
				t.Fatalf("bought %d reports: %v", len(orders), orders)
			}
			var id string
			for id = range orders {
			}
			if !strings.Contains(e.Out.String(), id) || !strings.Contains(e.ErrOut.String(), "reusing its order id") {
				t.Fatalf("out %q err %q", e.Out.String(), e.ErrOut.String())
			}
		})
	}
}

func TestSameVehicleWithinADayNeedsAgain(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "DAY-1"); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	err := run(t, e, "--vin", vin, "--brand-factory", "20")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "DAY-1") || !strings.Contains(string(cmdutil.ErrorJSON(err)), "--yes --again") {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
	for _, p := range e.ReceivedPaths() {
		if strings.Contains(p, "report/buy") {
			t.Fatal("buy was sent")
		}
	}
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--again"); err != nil {
		t.Fatal(err)
	}
	if n := len(sandboxOrders(t, e)); n != 2 {
		t.Fatalf("%d orders", n)
	}
}

func TestSameVehicleAgainOnTerminalAsksNamingEarlierOrder(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{"Buy a 4S report*": true, "Order DAY-2 bought a report*": true}
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "DAY-2"); err != nil {
		t.Fatal(err)
	}
	if err := run(t, e, "--vin", vin, "--brand-factory", "20"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("without --again: %v", err)
	}
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--again"); err != nil {
		t.Fatal(err)
	}
	if last := e.Prompts.Asked[len(e.Prompts.Asked)-1]; !strings.Contains(last, "DAY-2") {
		t.Fatalf("asked %q", e.Prompts.Asked)
	}
}

func TestDryRunPrintsSignedRequestWithoutSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	err := run(t, e, "--image", "https://x.example/licence.jpg", "--order-id", "DRY-1")
	if cmdutil.ExitCode(err) != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	// In a pipe, one JSON object a request: the login, then the purchase.
	// (What follows them is cobra's usage, which the root command silences.)
	out, _, _ := strings.Cut(e.Out.String(), "Usage:")
	dry := cmdtest.JSONLines[httpx.DryRunRequest](t, out)
	if len(dry) != 2 || dry[1].Method != "POST" || !strings.HasSuffix(dry[1].URL, "/4s/report/buy") ||
		strings.Join(dry[1].Headers["Api-4s-Version"], ",") != "1.0" {
		t.Fatalf("dry-run output: %q", out)
	}
	p, _ := e.F.Profile()
	pw := p.Value("paoding", "password")
	if strings.Contains(out, pw) || strings.Contains(out, paoding.Sign(p.Value("paoding", "username"), pw)) {
		t.Fatal("dry-run output carries a secret")
	}
	_ = time.Second
}

// A --jq runtime error after a purchase: exit 8, the order named, and the
// purchase settled (a rerun needs --again).
func TestJQFailureAfterBuyIsExit8(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.F.Globals.Yes, e.F.Globals.JQ = true, `error("boom")`
		err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "JQ-1")
		if cmdutil.ExitCode(err) != cmdutil.ExitActDoneOutputFailed || !strings.Contains(err.Error(), "bought order JQ-1") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("tty %v: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		ios, _, _, errOut := iostreams.Test()
		cmdutil.PrintError(ios, err, false)
		if !strings.Contains(errOut.String(), "bought order JQ-1") {
			t.Fatalf("stderr %q", errOut.String())
		}
		if err := run(t, e, "--vin", vin, "--brand-factory", "20"); cmdutil.ExitCode(err) != 2 {
			t.Fatalf("rerun: %v", err)
		}
	}
}

// Ctrl-C while a purchase is in flight ends the command at once: no
// look-up is attempted on the cancelled context (which failed with "the
// look-up failed too: ... cannot read the token cache: context canceled"),
// and the error says the purchase was interrupted, that its outcome is
// unknown, and which command settles it.
func TestInterruptedBuyExitsWithoutLookingUp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=delay:20s"})
	e.F.Globals.Yes = true
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	go func() {
		for count(e, paoding.PathReportBuy) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel(&cmdutil.Interrupted{Signal: syscall.SIGINT})
	}()
	start := time.Now()
	err := runCtx(ctx, e, "--vin", vin, "--brand-factory", "20", "--order-id", "INT-1")
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %s after the interrupt", d)
	}
	if code := cmdutil.ExitCode(err); code != 130 {
		t.Fatalf("exit %d: %v", code, err)
	}
	doc := string(cmdutil.ErrorJSON(err))
	for _, want := range []string{"INT-1", "interrupted (SIGINT, Ctrl-C)", "unknown", `"outcome_unknown":true`, "insure -p sandbox vin-report get INT-1", "running the same purchase again (`insure -p sandbox find INT-1` prints the command)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("error lacks %q: %s", want, doc)
		}
	}
	for _, bad := range []string{"look-up failed", "token cache", "context canceled"} {
		if strings.Contains(doc, bad) {
			t.Errorf("error says %q: %s", bad, doc)
		}
	}
	if n := count(e, paoding.PathReportGet); n != 0 {
		t.Errorf("the order was looked up %d time(s) after the interrupt", n)
	}
}

// Ctrl-C while a failed purchase is being looked up stops the look-up and
// says so, keeping why the purchase failed.
func TestInterruptDuringLookUpSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop,paoding:/4s/report/get=delay:20s"})
	e.F.Globals.Yes = true
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	go func() {
		for count(e, paoding.PathReportGet) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel(&cmdutil.Interrupted{Signal: syscall.SIGINT})
	}()
	err := cmdutil.WithInterrupt(ctx, runCtx(ctx, e, "--vin", vin, "--brand-factory", "20", "--order-id", "INT-2"))
	if code := cmdutil.ExitCode(err); code != 130 {
		t.Fatalf("exit %d: %v", code, err)
	}
	doc := string(cmdutil.ErrorJSON(err))
	for _, want := range []string{"the look-up of order INT-2 was interrupted (SIGINT, Ctrl-C)", `"outcome_unknown":true`, "insure -p sandbox vin-report get INT-2"} {
		if !strings.Contains(doc, want) {
			t.Errorf("error lacks %q: %s", want, doc)
		}
	}
	for _, bad := range []string{"look-up failed", "context canceled"} {
		if strings.Contains(doc, bad) {
			t.Errorf("error says %q: %s", bad, doc)
		}
	}
}

// How long the order was looked up is written in words: "for 4s" next to
// a 4S report read like the report's name, not a duration.
func TestNotFoundAfterLookUpSaysHowLongInWords(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, 2*time.Second
	err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "NET-4")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "order NET-4 was not found by looking it up repeatedly for 4 seconds") || strings.Contains(msg, "4s ") {
		t.Fatalf("message: %s", msg)
	}
}
