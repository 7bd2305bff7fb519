package purchase_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
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
	// The form that follows is not this test's business; only what 100
	// sent. A new car was registered within the last year.
	_ = fl.Start(context.Background(), "", answers(t, "vehicleFrameNo=LSVAM4187C2184321", "engineNo=184321", "vehicleId=XDAAMD0068",
		"firstRegisterDate=2026-01-10", "ownerIdNo=440106198001011230"))
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

// A new car registered more than a year ago (the 105 table allows a new
// car's date within the last year) is exit 2 before anything is sent,
// with the rule and today as the example; the platform asked again for it
// after 100 and 105.
func TestNewCarRegisteredLongAgoIsNotSent(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	fl.Session.NewCar = true
	err := fl.Start(context.Background(), "", answers(t, "vehicleFrameNo=LSVAM4187C2184321", "engineNo=184321", "vehicleId=XDAAMD0068",
		"firstRegisterDate=2025-03-01", "ownerIdNo=440106198001011230"))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 2 || len(fe.Fields) != 1 || fe.Fields[0].Field != "firstRegisterDate" ||
		!strings.Contains(fe.Fields[0].Rule, "2025-03-02 (China time) or later") || fe.Fields[0].Example != "--set firstRegisterDate=2026-03-02" {
		t.Fatalf("%#v", err)
	}
	if n := p.Count(); n != 0 {
		t.Fatalf("sent %v", p.transactions())
	}
}
