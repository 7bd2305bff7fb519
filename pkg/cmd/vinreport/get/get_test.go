package get

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// clock is a settable time shared by the sandbox and the commands.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func buyOrder(t *testing.T, e *cmdtest.Env, vin, orderID string) {
	t.Helper()
	e.F.Globals.Yes = true
	cmd := buy.NewCmdBuy(e.F, nil)
	cmd.SetArgs([]string{"--vin", vin, "--brand-factory", "20", "--order-id", orderID})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	e.Reset()
}

func runGet(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdGet(e.F, nil)
	cmd.SetArgs(args)
	return cmd.Execute()
}

func TestNewCmdGetFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdGet(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"ORD-1", "--wait", "--wait-timeout", "10s"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.OrderID != "ORD-1" || !got.Wait || got.WaitTimeout != 10*time.Second {
		t.Fatalf("%+v", got)
	}
	cmd = NewCmdGet(e.F, func(*Options) error { return nil })
	cmd.SetArgs([]string{strings.Repeat("x", 51)})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("long order id: %v", err)
	}
}

func TestGetInPipeIsTheProvidersRecord(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "GET-1")

	if err := runGet(e, "GET-1"); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &rec); err != nil {
		t.Fatalf("not JSON: %q", e.Out.String())
	}
	if rec["status"] != "1" {
		t.Fatalf("before the delay the report is generating, got status %v", rec["status"])
	}

	c.Add(5 * time.Second)
	e.Reset()
	if err := runGet(e, "GET-1"); err != nil {
		t.Fatal(err)
	}
	rec = nil
	_ = json.Unmarshal(e.Out.Bytes(), &rec)
	if rec["status"] != "2" || rec["vin"] != "LSVAU2180N2183294" || rec["claimReport"] == nil || rec["carInfo"] == nil {
		t.Fatalf("record: %v", rec)
	}
}

func TestGetOnTerminalHighlightsAbnormalChecks(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: c.Now})
	e.F.IOStreams.SetColorEnabled(true)
	buyOrder(t, e, "LSVAU2180N2183294", "GET-2")
	c.Add(5 * time.Second)
	if err := runGet(e, "GET-2"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"status:", "found", "Checks", "Maintenance records", "Claims", "¥", "mileage:"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if !strings.Contains(out, "\x1b[31mABNORMAL") {
		t.Errorf("abnormal checks are not highlighted:\n%s", out)
	}
}

func TestGetWaitPollsUntilReady(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "WAIT-1")
	cmd := NewCmdGet(e.F, func(o *Options) error {
		o.Sleep = func(_ context.Context, d time.Duration) error { c.Add(d); return nil }
		return Run(o)
	})
	cmd.SetArgs([]string{"WAIT-1", "--wait", "--interval", "1s"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	polls := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/4s/report/get") {
			polls++
		}
	}
	if polls < 2 || !strings.Contains(e.Out.String(), `"status":"2"`) {
		t.Fatalf("polls %d, out %q", polls, e.Out.String())
	}
}

func TestUnknownOrderIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runGet(e, "NOPE-1")
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"30080"`) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
