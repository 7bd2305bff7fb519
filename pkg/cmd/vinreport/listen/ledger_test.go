package listen

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// A notification is checked against the purchases this store made: one
// naming another platform order than Paoding gave the purchase, or an
// order never bought here, is still recorded and answered success (the
// order may have been bought by another system), but stderr warns. The
// genuine one draws no warning.
func TestNotificationAgainstTheLedger(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	cmd := buy.NewCmdBuy(e.F, nil)
	cmd.SetArgs([]string{"--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "LED-1"})
	cmd.SetOut(e.Out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	rows, err := e.Store.History(t.Context(), store.JournalFilter{Operation: paoding.OpReportBuy, Key: "LED-1"})
	if err != nil || len(rows) != 1 || rows[0].Keys["platformOrderId"] == "" {
		t.Fatalf("purchase journal %+v: %v", rows, err)
	}
	platform := rows[0].Keys["platformOrderId"]
	r := start(t, func(o *Options) {
		o.Store = e.F.Store
	})
	for _, body := range []string{
		"status=2&orderId=LED-1&platformOrderId=" + platform,
		"status=2&orderId=LED-1&platformOrderId=29991231-9999",
		"status=2&orderId=NEVER-BOUGHT&platformOrderId=29991231-9998",
	} {
		if status, answer := r.post(t, form, body); status != 200 || answer != paoding.NotificationAck {
			t.Fatalf("%s: %d %q", body, status, answer)
		}
	}
	r.stopped(t)
	stderr := r.errOut.String()
	var warnings []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "warning:") {
			warnings = append(warnings, l)
		}
	}
	if len(warnings) != 2 {
		t.Fatalf("%d warnings, want 2:\n%s", len(warnings), stderr)
	}
	if w := warnings[0]; !strings.Contains(w, "LED-1") || !strings.Contains(w, "29991231-9999") || !strings.Contains(w, platform) {
		t.Errorf("mismatch warning %q", w)
	}
	if w := warnings[1]; !strings.Contains(w, "NEVER-BOUGHT") || !strings.Contains(w, "no purchase") {
		t.Errorf("unknown-order warning %q", w)
	}
	if n := strings.Count(r.out.String(), "\n"); n != 3 {
		t.Errorf("%d lines printed, want 3:\n%s", n, r.out)
	}
}
