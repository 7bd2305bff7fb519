package deliver

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The 135 table (3.11.1) marks the delivery date (sendDate, yyyy-MM-dd)
// not nullable, as 120's does. 135 sends the date underwriting sent
// unless --set sendDate changes it, today when that day has passed; a
// date not written yyyy-MM-dd is exit 2 before anything is sent.
func TestDeliverSendsTheDeliveryDate(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e := cmdtest.New(t, cmdtest.Options{Now: func() time.Time { return now }})
	id := underwritten(t, e)
	if got := local(t, e, id).Input("sendDate"); got != "2026-03-02" {
		t.Fatalf("120 sent sendDate %q, not the day of the request", got)
	}

	if err := run(e, "--session", id, "--name", "李四"); err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	if err := json.Unmarshal(e.Out.Bytes(), &out); err != nil || out["sendDate"] != "2026-03-02" {
		t.Errorf("stdout %s (%v)", e.Out, err)
	}
	if p := platform(t, e, id); p.Data["sendDate"] != "2026-03-02" || p.Data["addresseeName"] != "李四" {
		t.Errorf("platform holds sendDate %q, name %q", p.Data["sendDate"], p.Data["addresseeName"])
	}

	if err := run(e, "--session", id, "--set", "sendDate=2026-03-06"); err != nil {
		t.Fatal(err)
	}
	if p := platform(t, e, id); p.Data["sendDate"] != "2026-03-06" {
		t.Errorf("platform holds sendDate %q, want the one given", p.Data["sendDate"])
	}

	err := run(e, "--session", id, "--set", "deliverInfo.sendDate=2026/03/07")
	if cmdutil.ExitCode(err) != failure.ExitUsage || len(e.Received()) != 0 {
		t.Fatalf("a malformed date: exit %d %v, sent %v", cmdutil.ExitCode(err), err, e.ReceivedPaths())
	}

	s := local(t, e, id)
	s.Inputs["sendDate"] = purchase.SentInput{Group: "deliverInfo", Value: "2026-02-01"}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--session", id, "--name", "王五"); err != nil {
		t.Fatal(err)
	}
	if p := platform(t, e, id); p.Data["sendDate"] != "2026-03-02" {
		t.Errorf("a passed date: platform holds %q, want today", p.Data["sendDate"])
	}
}
