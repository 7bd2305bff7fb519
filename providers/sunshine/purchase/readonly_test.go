package purchase_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The vehicle form marks the owner's name readonly: an answer changing it
// is exit 2 naming the key, before 105 is sent; a person is never asked
// for it; and a later step cannot slip the change in either.
func TestReadOnlyControlsAreNeitherChangedNorAsked(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t, append(vehicleAnswers, "ownerName=李四")...))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "ownerName") || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("%v", err)
	}
	if tx := strings.Join(p.transactions(), ","); tx != "095,100" {
		t.Fatalf("sent %s", tx)
	}

	// The same value is no change.
	p = newPlatform(t)
	fl = p.flow(t, sessions)
	fl.Session = newSession("07518800")
	if err := fl.Start(context.Background(), "", answers(t, append(vehicleAnswers, "ownerName=张三")...)); err != nil {
		t.Fatal(err)
	}
	// A later step: --set for a control no form asks for now.
	n := len(p.transactions())
	err = fl.Change(context.Background(), "optional", answers(t, "ownerName=李四", "cov_500=0"))
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "ownerName") || len(p.transactions()) != n {
		t.Fatalf("change: %v, sent %v", err, p.transactions()[n:])
	}

	// On a terminal it is not asked.
	p = newPlatform(t)
	asker := &scriptedAsker{values: map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321",
		"vehicleId": "XDAAMD0068", "firstRegisterDate": "2020-05-06", "ownerIdNo": "440106198001011230", "seats": "5", "specialCarFlag": "0"}}
	fl = p.flow(t, purchase.NewMemoryStore())
	fl.Session, fl.Asker = newSession("07518800"), asker
	if err := fl.Start(context.Background(), "", nil); err != nil {
		t.Fatal(err)
	}
	if asked := strings.Join(asker.asked, ","); strings.Contains(asked, "ownerName") {
		t.Fatalf("asked %s", asked)
	}
	if in, _ := p.sent(t, "105"); in["ownerName"] != "张三" {
		t.Fatalf("105 %v", in)
	}
}
