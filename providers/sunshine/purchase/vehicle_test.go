package purchase_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The vehicle tables (3.5.2, 3.7.1) allow at most 17 characters of frame
// number and 20 of engine number: longer answers are refused before the
// lookup (095) is sent, every one at once, each with its rule and an
// example.
func TestStartRefusesOverlongVehicleNumbersBeforeSending(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	a := answers(t, "vehicleFrameNo=LSVAM4187C21843210", "engineNo=123456789012345678901", "firstRegisterDate=2020-05-06")
	err := fl.Start(context.Background(), "", a)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Fatalf("want a usage error, got %v", err)
	}
	if n := len(p.transactions()); n != 0 {
		t.Fatalf("sent %v", p.transactions())
	}
	got := map[string]failure.FieldError{}
	for _, f := range fe.Fields {
		got[f.Field] = f
	}
	if f := got["vehicleFrameNo"]; !strings.Contains(f.Rule, "at most 17") || f.Example == "" {
		t.Errorf("vehicleFrameNo: %+v", f)
	}
	if f := got["engineNo"]; !strings.Contains(f.Rule, "at most 20") || f.Example == "" {
		t.Errorf("engineNo: %+v", f)
	}
	// At the limits they are taken.
	for _, ok := range []string{"vehicleFrameNo=LSVAM4187C2184321", "engineNo=12345678901234567890"} {
		kv := strings.SplitN(ok, "=", 2)
		if _, err := purchase.Normalise(sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "text"}, {Name: "key", Value: kv[0]}}}, kv[1]); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if _, err := purchase.Normalise(sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "text"}, {Name: "key", Value: "vehicleFrameNo"}}}, "LSVAM4187C2184-21"); err == nil {
		t.Error("a frame number with a dash was taken")
	}
}
