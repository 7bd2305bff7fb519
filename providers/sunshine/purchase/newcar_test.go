package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// A new car skips the 095 lookup, and its 100 carries licenseNo with no
// text, as the manual's new-car example does (its table: "empty for a new
// car"), with noLicenseFlag 1; a plate given with it is not sent.
func TestNewCarSendsAnEmptyLicenseNo(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	fl.Session.NewCar = true
	// The form that follows is not this test's business; only what 100 sent.
	_ = fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
	if got := p.transactions(); len(got) == 0 || got[0] != "100" {
		t.Fatalf("sent %v, want 100 first", got)
	}
	in, body := p.sent(t, "100")
	if v, ok := in["licenseNo"]; !ok || v != "" {
		t.Fatalf("licenseNo %q (present %v) in\n%s", v, ok, body)
	}
	if in["noLicenseFlag"] != "1" || strings.Contains(string(body), "冀A00021") {
		t.Fatalf("noLicenseFlag %q, body\n%s", in["noLicenseFlag"], body)
	}
}
