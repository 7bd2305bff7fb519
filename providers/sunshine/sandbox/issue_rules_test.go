package sandbox

import (
	"strings"
	"testing"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// A 130 whose PayTime is sent in another format (ISO's T) was refused as
// lacking PayTime, though it was there: it is said to be in the wrong
// format, with what came.
func TestIssueSaysADateInTheWrongFormatIsNotMissing(t *testing.T) {
	p := &sun.Payment{PayTime: "2026-12-03T14:47:10", AccountDate: ""}
	got := strings.Join(issueMissing(nil, p), "、")
	if !strings.Contains(got, "Payment.PayTime(格式须为 yyyy-MM-dd HH:mm:ss，收到 2026-12-03T14:47:10)") {
		t.Errorf("PayTime in ISO form: %s", got)
	}
	if !strings.Contains(got, "Payment.AccountDate(yyyy-MM-dd)") {
		t.Errorf("AccountDate missing: %s", got)
	}
}
