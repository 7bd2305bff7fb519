package purchase_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// An owner name (or an answer) GBK cannot carry is refused before the
// vehicle look-up (095) goes out: exit 2 says nothing was sent, and the
// platform received nothing.
func TestQuoteRefusesNonGBKBeforeTheLookup(t *testing.T) {
	for _, tc := range []struct {
		owner string
		sets  []string
		field string
	}{
		{owner: "张䶮", field: "ownerName"},
		{owner: "张三", sets: []string{"ownerIdNo=440106198001011230", "vehicleModelName=𠮷"}, field: "vehicleModelName"},
	} {
		p := newPlatform(t)
		fl := p.flow(t, purchase.NewMemoryStore())
		fl.Session = newSession("07518800")
		fl.Session.Owner = tc.owner
		err := fl.Start(context.Background(), "", answers(t, append(vehicleAnswers, tc.sets...)...))
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.ExitCode() != 2 || !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), "GBK") {
			t.Fatalf("%s: %v", tc.field, err)
		}
		if p.Count() != 0 {
			t.Errorf("%s: the platform received %d requests (%v)", tc.field, p.Count(), p.transactions())
		}
	}
}
