package deliver

import (
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// The 135 table (3.11.1) lists the insured's ID-card address,
// insuredaddresseeDetails, in the delivery group, and the manual's 135
// example sends it: it is taken (--set or --insured-address), reaches the
// platform, and a later 135 sends it again.
func TestDeliverSendsTheInsuredsAddress(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	if err := run(e, "--session", id, "--set", "insuredaddresseeDetails=广州市天河区体育西路1号"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if p := platform(t, e, id); p.Data["insuredaddresseeDetails"] != "广州市天河区体育西路1号" {
		t.Fatalf("the platform holds %q", p.Data["insuredaddresseeDetails"])
	}
	if err := run(e, "--session", id, "--name", "李四"); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--session", id, "--insured-address", "广州市越秀区中山五路2号"); err != nil {
		t.Fatal(err)
	}
	if p := platform(t, e, id); p.Data["insuredaddresseeDetails"] != "广州市越秀区中山五路2号" || p.Data["addresseeName"] != "李四" {
		t.Fatalf("the platform holds %q, %q", p.Data["insuredaddresseeDetails"], p.Data["addresseeName"])
	}
	if l := local(t, e, id); l.Input("insuredaddresseeDetails") != "广州市越秀区中山五路2号" {
		t.Fatalf("the session keeps %q", l.Input("insuredaddresseeDetails"))
	}
}
