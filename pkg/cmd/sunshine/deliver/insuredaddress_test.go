package deliver

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
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

// The insured's ID-card address is one of the seven the platform needs:
// a session that never sent it (underwritten before 120 asked for it)
// is exit 2 in a script, naming it with an example, and nothing is sent.
func TestDeliverWithoutTheInsuredsAddressNamesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	forget(t, e, id, "insuredaddresseeDetails")
	err := run(e, "--session", id, "--name", "李四")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) || len(fe.Fields) != 1 ||
		fe.Fields[0].Field != "deliverInfo.insuredaddresseeDetails" || !strings.Contains(fe.Fields[0].Example, "--insured-address") {
		t.Fatalf("exit %d %v (%+v)", cmdutil.ExitCode(err), err, fe)
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %v", e.ReceivedPaths())
	}
}
