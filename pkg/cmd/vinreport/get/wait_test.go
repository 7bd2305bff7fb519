package get

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func reportGets(e *cmdtest.Env) int {
	n := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/4s/report/get") {
			n++
		}
	}
	return n
}

// Ctrl-C cancels the command's context. While --wait sleeps between polls
// that must end the wait at once, not after the rest of --interval, and
// say which order is still being generated rather than blame the token
// cache.
func TestCtrlCDuringWaitStopsAtOnce(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "CTRLC-1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := NewCmdGet(e.F, func(o *Options) error {
		o.Ctx = ctx
		return Run(o)
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"CTRLC-1", "--wait", "--interval", "1h", "--wait-timeout", "2h"})
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()
	// Cancel once the first poll has been answered "generating".
	for deadline := time.Now().Add(5 * time.Second); reportGets(e) == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("--wait still sleeping 5s after the context was cancelled")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want a cancellation", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "CTRLC-1") || !strings.Contains(msg, "generat") || strings.Contains(msg, "token") {
		t.Errorf("message %q", msg)
	}
	if n := reportGets(e); n != 1 {
		t.Errorf("%d polls, want 1", n)
	}
}

// --interval 0 (or negative) with --wait polled as fast as the sandbox
// answered, thousands of calls a second against a daily quota of 20000;
// a negative --wait-timeout is meaningless. Both are usage errors before
// anything is sent.
func TestWaitRefusesIntervalsThatWouldFloodTheQuota(t *testing.T) {
	for _, args := range [][]string{
		{"--wait", "--interval", "0"},
		{"--wait", "--interval", "-1s"},
		{"--wait", "--interval", "10ms"},
		{"--wait", "--wait-timeout", "-1s"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		cmd := NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(append([]string{"ORD-1"}, args...))
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
			continue
		}
		flag := args[len(args)-2]
		if !strings.Contains(err.Error(), flag) {
			t.Errorf("%v: the message does not name %s: %v", args, flag, err)
		}
		if n := len(e.ReceivedPaths()); n != 0 {
			t.Errorf("%v: %d requests sent", args, n)
		}
	}
}

// The 50-character limit of an orderId counts characters, as the sandbox
// and the purchase validation do, and as the message says: a 20-character
// Chinese id (60 bytes) is sent, a 51-character one is refused naming 51.
func TestOrderIDLimitCountsCharacters(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runGet(e, strings.Repeat("订", 20))
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "30080") {
		t.Errorf("20 characters: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	err = runGet(e, strings.Repeat("订", 51))
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "got 51") {
		t.Errorf("51 characters: exit %d: %v", cmdutil.ExitCode(err), err)
	}

	e = cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("order_id\n" + strings.Repeat("订", 20) + "\n")
	cmd := NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--input-format", "csv"})
	_ = cmd.Execute()
	if !strings.Contains(e.Out.String(), `"code":"30080"`) {
		t.Errorf("batch, 20 characters: %s", e.Out.String())
	}
}

// Without --wait the report is fetched once, so --interval and
// --wait-timeout would be ignored: they are refused whatever their value
// (--interval 0 used to be blamed for being under 1s), naming the flag,
// the rule and a command that polls, on a terminal and in a pipe alike.
func TestPollingFlagsWithoutWaitAreRefused(t *testing.T) {
	for _, tty := range []bool{true, false} {
		for _, args := range [][]string{
			{"--interval", "0"},
			{"--interval", "5s"},
			{"--wait-timeout", "5m"},
		} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			cmd := NewCmdGet(e.F, nil)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			cmd.SetArgs(append([]string{"ORD-1"}, args...))
			err := cmd.Execute()
			if cmdutil.ExitCode(err) != 2 {
				t.Errorf("tty=%v %v: exit %d: %v", tty, args, cmdutil.ExitCode(err), err)
				continue
			}
			msg := err.Error()
			if !strings.Contains(msg, args[0]+" works only with --wait") || !strings.Contains(msg, "insure vin-report get ORDER_ID --wait "+args[0]) {
				t.Errorf("tty=%v %v: message %q", tty, args, msg)
			}
			if n := len(e.ReceivedPaths()); n != 0 {
				t.Errorf("tty=%v %v: %d requests sent", tty, args, n)
			}
		}
	}
}
