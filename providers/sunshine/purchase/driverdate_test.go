package purchase_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// The 110 tables (3.8.1, 3.8.3) and the earlier 110 example name a
// driver's licence date driverDate; the priced answers' driverInfo form
// names the control drivateDate. A 110 naming a driver carries the date
// under both names, in the driver's own group.
func TestRequoteSendsDriverDateUnderTheTableName(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	err := fl.Change(context.Background(), "optional", answers(t, "agreedDriver=1",
		"driverInfo[0].driverName=李四", "driverInfo[0].driverNum=440106198001011230", "driverInfo[0].drivateDate=2010-05-06"))
	if err != nil {
		t.Fatal(err)
	}
	_, body := p.sent(t, "110")
	group := regexp.MustCompile(`(?s)<Inputs type="driverInfo">(.*?)</Inputs>`).FindSubmatch(body)
	if group == nil {
		t.Fatalf("no driverInfo group in 110:\n%s", body)
	}
	for _, name := range []string{"driverDate", "drivateDate"} {
		if !regexp.MustCompile(`<input name="` + name + `">2010-05-06</input>`).Match(group[1]) {
			t.Errorf("the first driverInfo group has no %s 2010-05-06:\n%s", name, group[1])
		}
	}
}
