package buy

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/providers/paoding"
)

// A purchase whose journal row cannot be written (a full disk) still
// stands, and stderr says it is not in the journal and that the output is
// its only record: it exited 0 with no word, and history and find then
// knew nothing of an order that was bought.
func TestPurchaseNotJournalledSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	db, err := sql.Open("sqlite", "file:"+e.Store.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER full_disk BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	if err := run(t, e, "--vin", batchVIN(7), "--brand-factory", "20", "--order-id", "NOJOURNAL-1"); err != nil {
		t.Fatalf("the purchase failed for want of a journal: %v", err)
	}
	if count(e, paoding.PathReportBuy) != 1 || !strings.Contains(e.Out.String(), "NOJOURNAL-1") {
		t.Fatalf("not bought, or not printed: %v\n%s", e.ReceivedPaths(), e.Out)
	}
	stderr := e.ErrOut.String()
	if strings.Count(stderr, "warning: the paoding report.buy request is not in the local journal") != 1 || !strings.Contains(stderr, "the only record of the paoding report.buy") {
		t.Fatalf("stderr:\n%s", stderr)
	}
}
