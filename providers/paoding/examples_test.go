package paoding_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

// Every refusal of a purchase names the field, the rule and an example
// that passes the same rule, so the fix can be typed from the message.
func TestValidateGivesAGoodExampleForEveryField(t *testing.T) {
	factory := &paoding.BrandFactory{BrandFactoryID: 40, BrandFactoryName: "华晨宝马", NeedEngineNum: true}
	for _, r := range []paoding.BuyRequest{
		{BrandFactoryID: 40, VIN: "LSVAU2180N2183294", OrderID: strings.Repeat("o", 51), NotifyURL: "https://p.example.com/" + strings.Repeat("n", 100)},
		{BrandFactoryID: 40, VIN: "LSVAU2180N2183294", EngineNum: strings.Repeat("E", 16), OrderID: "x", NotifyURL: "https://p.example.com/n"},
		{Image: "https://p.example.com/" + strings.Repeat("i", 100), OrderID: "x", NotifyURL: "https://p.example.com/n"},
		{BrandFactoryID: 20, VIN: "LSVAU2180N2183294", Image: "https://p.example.com/a.jpg", OrderID: "x", NotifyURL: "https://p.example.com/n"},
	} {
		fe := asFailure(r.Validate(factory))
		if fe == nil || len(fe.Fields) == 0 {
			t.Fatalf("%+v: not refused", r)
		}
		for _, f := range fe.Fields {
			if f.Example == "" {
				t.Errorf("%s: %q has no example", f.Field, f.Rule)
			}
		}
	}
	// The examples pass the rules they illustrate.
	good := paoding.BuyRequest{BrandFactoryID: 40, VIN: "LSVAU2180N2183294", EngineNum: "2192209", OrderID: "ORD-20250310-0001",
		NotifyURL: "https://partner.example.com/paoding/notify"}
	if err := good.Validate(factory); err != nil {
		t.Fatal(err)
	}
}
