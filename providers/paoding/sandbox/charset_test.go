package sandbox_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// Form values are text in the Content-Type's charset, as a servlet reads
// them. An orderId sent as GBK bytes under charset=GBK was kept as bytes
// and stored and notified as replacement characters: two orders whose ids
// differed there shared one notification, and one paid order was never
// notified. It is now read as GBK; bytes that are text in no declared
// charset are refused before anything is bought (10010).
func TestFormValuesAreTextInTheirCharset(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	buy := func(contentType, orderID string) answer {
		body := "brandFactoryId=20&vin=LSVAU2180N2183228&notifyUrl=" + url.QueryEscape("https://p.example.com/n") + "&orderId=" + orderID
		return b.send("POST", paoding.PathReportBuy, auth(tok), contentType, body)
	}
	// 订单甲 in GBK, declared.
	if a := buy("application/x-www-form-urlencoded; charset=GBK", "%B6%A9%B5%A5%BC%D7"); a.Code != "10000" {
		t.Fatalf("GBK order: code %s %q", a.Code, a.Remark)
	}
	if _, err := b.server.Order("订单甲"); err != nil {
		t.Errorf("the GBK order id was not read as 订单甲: %v", err)
	}
	for _, c := range []struct{ contentType, orderID string }{
		{form, "%FF%FE"}, // not UTF-8, no charset named
		{form + "; charset=UTF-8", "%B6%A9%B5%A5%D2%D2"}, // GBK bytes said to be UTF-8
		{form + "; charset=latin1", "abc"},               // a charset the platform does not take
		{form + "; charset=GBK", "%FF%FF"},               // not GBK either
	} {
		a := buy(c.contentType, c.orderID)
		if a.Code != "10010" || !strings.Contains(a.Remark, "参数错误") {
			t.Errorf("%s %s: code %s %q, want 10010", c.contentType, c.orderID, a.Code, a.Remark)
		}
	}
	if a := b.send("GET", paoding.PathReportGet+"?orderId=%B6%A9", auth(tok), "", ""); a.Code != "10010" {
		t.Errorf("report/get with bytes that are not UTF-8: code %s %q", a.Code, a.Remark)
	}
}
