package sandbox_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// The purchase table's values are checked as sent: the document gives no
// trimming, so spaces around a VIN make it something other than 17
// characters of a VIN (30060), and spaces after an orderId of 50 make it
// longer than the table's 50 (10010).
func TestBuyValuesAreCheckedAsSent(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	buy := func(vin, orderID string) url.Values {
		return url.Values{"brandFactoryId": {"20"}, "vin": {vin}, "orderId": {orderID}, "notifyUrl": {"https://p.example.com/n"}}
	}
	if a := b.post(paoding.PathReportBuy, auth(tok), buy(" LSVAU2180N2183294 ", "padded-vin")); a.Code != "30060" {
		t.Errorf("VIN with spaces around it: code %s %q, want 30060", a.Code, a.Remark)
	}
	if a := b.post(paoding.PathReportBuy, auth(tok), buy("LSVAU2180N2183294", strings.Repeat("o", 50)+"  ")); a.Code != "10010" {
		t.Errorf("orderId of 50 plus two spaces: code %s %q, want 10010", a.Code, a.Remark)
	}
	if a := b.post(paoding.PathReportBuy, auth(tok), buy("LSVAU2180N2183294", "   ")); a.Code != "10010" {
		t.Errorf("blank orderId: code %s %q, want 10010", a.Code, a.Remark)
	}
	if a := b.post(paoding.PathReportBuy, auth(tok), buy("LSVAU2180N2183294", "plain")); a.Code != "10000" {
		t.Errorf("good purchase: code %s %q", a.Code, a.Remark)
	}
}

// image is the URL of the licence photo (the purchase table, README): a
// value that is no http(s) URL cannot be fetched, a parameter error, as the
// notifyUrl check already answers.
func TestBuyImageMustBeAURL(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	for _, img := range []string{"licence.jpg", "ftp://p.example.com/a.jpg", "https://", " https://p.example.com/a.jpg"} {
		v := url.Values{"image": {img}, "orderId": {"img-" + img}, "notifyUrl": {"https://p.example.com/n"}}
		if a := b.post(paoding.PathReportBuy, auth(tok), v); a.Code != "10010" {
			t.Errorf("image %q: code %s %q, want 10010", img, a.Code, a.Remark)
		}
	}
	v := url.Values{"image": {"https://p.example.com/a.jpg"}, "orderId": {"img-ok"}, "notifyUrl": {"https://p.example.com/n"}}
	if a := b.post(paoding.PathReportBuy, auth(tok), v); a.Code != "10000" {
		t.Errorf("image URL: code %s %q, want 10000", a.Code, a.Remark)
	}
}
