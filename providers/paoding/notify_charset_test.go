package paoding_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A sender writing the order id in GBK: declared (charset=GBK), it is read
// as the text meant; undeclared, its bytes that are not UTF-8 were shown
// as U+FFFD, so two different orders (订单, 产品) read the same. They are
// shown as \xNN, each order its own.
func TestNotificationOrderIDInGBK(t *testing.T) {
	parse := func(orderID, ctype string) paoding.Notification {
		t.Helper()
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(orderID)
		if err != nil {
			t.Fatal(err)
		}
		body := url.Values{"orderId": {gbk}, "platformOrderId": {"P-1"}, "status": {"2"}}.Encode()
		r := httptest.NewRequest("POST", "/notify", strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		n, _, err := paoding.ParseNotification(r)
		if err != nil {
			t.Fatalf("%s %s: %v", orderID, ctype, err)
		}
		return n
	}
	if n := parse("订单", "application/x-www-form-urlencoded; charset=GBK"); n.OrderID != "订单" {
		t.Errorf("declared GBK: %q", n.OrderID)
	}
	a, b := parse("订单", "application/x-www-form-urlencoded"), parse("产品", "application/x-www-form-urlencoded")
	if a.OrderID == b.OrderID || strings.ContainsRune(a.OrderID, '\uFFFD') || !strings.Contains(a.OrderID, `\x`) {
		t.Errorf("undeclared: %q and %q", a.OrderID, b.OrderID)
	}
}
