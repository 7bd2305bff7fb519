package registry

import "testing"

// SettleCommand fills the template with the act's journal keys and the
// profile; a key the act does not carry gives no command rather than a
// command with a hole in it.
func TestSettleCommand(t *testing.T) {
	op := Operation{Name: "report.buy", Acts: true, Settle: []string{"vin-report buy --vin {vin} --order-id {orderId} --yes"}}
	if got, want := op.SettleCommand("prod", map[string]string{"vin": "LSVAU2180N2183294", "orderId": "A-1"}), "insure -p prod vin-report buy --vin LSVAU2180N2183294 --order-id A-1 --yes"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := op.SettleCommand("prod", map[string]string{"orderId": "A-1"}); got != "" {
		t.Errorf("a missing key gave %q", got)
	}
	// The first template whose keys the act carries is used.
	op.Settle = append(op.Settle, "vin-report buy --image IMAGE_URL --order-id {orderId} --yes")
	if got, want := op.SettleCommand("", map[string]string{"orderId": "A-1"}), "insure vin-report buy --image IMAGE_URL --order-id A-1 --yes"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := (Operation{Name: "x"}).SettleCommand("prod", nil); got != "" {
		t.Errorf("no template gave %q", got)
	}
}
