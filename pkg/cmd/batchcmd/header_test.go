package batchcmd_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/cmd/vinreport/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/paoding"
)

// A header names one field twice when its names differ only in case,
// width or the spaces around them (a header is matched so): like
// order_id,order_id, that refuses the whole input before anything is
// sent. It was each line's usage error, one by one.
func TestOneNameTwiceInAnyCaseRefusesTheInput(t *testing.T) {
	for _, header := range []string{"order_id,order_id", "order_id, ORDER_ID ", "Order_Id,ｏｒｄｅｒ＿ｉｄ"} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(header + "\nTWICE-1,TWICE-1\nTWICE-2,\n")
		cmd := get.NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs([]string{"--batch", "-"})
		err := cmd.ExecuteContext(t.Context())
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "line 1: the CSV header row names") ||
			!strings.Contains(err.Error(), "twice") || !strings.Contains(err.Error(), "nothing was sent") {
			t.Errorf("%q: exit %d: %v", header, cmdutil.ExitCode(err), err)
		}
		if n := len(e.Received()); n != 0 || e.Out.Len() != 0 {
			t.Errorf("%q: %d requests sent, stdout %q", header, n, e.Out)
		}
	}
}

// A second header row spelling the fields with other names the header
// takes (a CSV UTF-8 export joined to a hand-made file) is a repeated
// header, as an exact repeat is: it went to validation as data and was
// refused for its brand factory "brand_factory", not as a header.
func TestARepeatedHeaderUnderOtherNamesIsFound(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	e.In.WriteString("VIN,brandFactoryId,orderId\nLSVAU2180N2100500,20,ORD-500\nvin,brand_factory,order_id\n")
	cmd := buy.NewCmdBuy(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-"})
	err := cmd.ExecuteContext(t.Context())
	type line struct {
		Line             int
		Outcome, Message string
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if cmdutil.ExitCode(err) != 2 || len(got) != 2 || got[0].Outcome != "ok" || got[1].Outcome != "usage" ||
		!strings.Contains(got[1].Message, "line 3: repeats the header row (VIN,brandFactoryId,orderId)") {
		t.Fatalf("exit %d (%v): %+v\nstderr: %s", cmdutil.ExitCode(err), err, got, e.ErrOut)
	}
	bought := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, paoding.PathReportBuy) {
			bought++
		}
	}
	if bought != 1 {
		t.Errorf("%d purchases sent, want 1 (line 2's): %v", bought, e.ReceivedPaths())
	}
}
